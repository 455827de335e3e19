// base64gzip (OpenTofu lang/funcs/encoding.go Base64GzipFunc).
//
// tofu compresses with Go's compress/gzip at the default level and then
// calls Flush and Close; the bytes (and so the base64 text) depend on Go's
// own DEFLATE encoder, which differs from zlib's (4-byte minimum matches, its
// own hash chains, Huffman code construction and block choices, and the
// empty stored blocks Flush and Close append). This file re-implements that
// encoder at level 6 so the output equals Go's byte for byte:
//
//   gzip header  1f 8b 08 00 00000000 00 ff   (no name/mtime, XFL 0, OS 255)
//   deflate      blocks of up to 16384 tokens, each the smallest of stored,
//                fixed and dynamic Huffman; then the Flush's empty stored
//                block and Close's final empty stored block
//   trailer      CRC-32 and length, little-endian
#include <zlib.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "internal.h"

namespace funcs::internal {
namespace {

constexpr int kWindowSize = 1 << 15;
constexpr int kWindowMask = kWindowSize - 1;
constexpr int kMinMatch = 4;        // Go emits no 3-byte matches
constexpr int kMaxMatch = 258;
constexpr int kMaxBlockTokens = 1 << 14;
constexpr int kMaxStoredBlock = 65535;
constexpr int kHashBits = 17;
constexpr int kHashSize = 1 << kHashBits;
constexpr int kHashMask = kHashSize - 1;
constexpr int kMaxHashOffset = 1 << 24;
// Level 6.
constexpr int kGood = 8, kLazy = 16, kNice = 128, kChain = 128;

constexpr int kNumLit = 286;
constexpr int kNumOffsets = 30;
constexpr int kNumCodegen = 19;
constexpr int kEndBlock = 256;
constexpr int kLengthCodesStart = 257;
constexpr uint8_t kBadCode = 255;

constexpr int8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr uint32_t kLengthBase[29] = {0,  1,  2,  3,  4,  5,  6,  7,  8,   10,  12,  14,  16,  20, 24,
                                      28, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 255};
constexpr int8_t kOffsetExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6,
                                     6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr uint32_t kOffsetBase[30] = {1,    2,    3,    4,    5,    7,     9,     13,    17,    25,
                                      33,   49,   65,   97,   129,  193,   257,   385,   513,   769,
                                      1025, 1537, 2049, 3073, 4097, 6145,  8193,  12289, 16385, 24577};
constexpr uint32_t kCodegenOrder[kNumCodegen] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// A literal byte, the end-of-block marker (256), or a match with
// length-3 and offset-1 (DEFLATE's encoding bases).
struct Token {
  bool match = false;
  uint32_t lit = 0;      // literal
  uint32_t xlength = 0;  // match length - 3
  uint32_t xoffset = 0;  // match offset - 1
};

uint32_t LengthCode(uint32_t xlength) {
  uint32_t c = 28;
  while (kLengthBase[c] > xlength) --c;
  return c;
}

uint32_t OffsetCode(uint32_t xoffset) {
  uint32_t c = 29;
  while (kOffsetBase[c] - 1 > xoffset) --c;
  return c;
}

uint16_t ReverseBits(uint16_t v, int n) {
  uint16_t r = 0;
  for (int i = 0; i < n; ++i) {
    r = static_cast<uint16_t>((r << 1) | (v & 1));
    v = static_cast<uint16_t>(v >> 1);
  }
  return r;
}

struct HCode {
  uint16_t code = 0;
  uint16_t len = 0;
};

struct LiteralNode {
  uint16_t literal;
  int32_t freq;
};

// Go's huffmanEncoder: length-limited canonical codes, built exactly as Go
// builds them (same sort orders and the same bit-count algorithm).
class HuffmanEncoder {
 public:
  explicit HuffmanEncoder(size_t n) : codes_(n) {}
  std::vector<HCode>& codes() { return codes_; }
  const std::vector<HCode>& codes() const { return codes_; }

  int BitLength(const int32_t* freq, size_t n) const {
    int total = 0;
    for (size_t i = 0; i < n; ++i)
      if (freq[i] != 0) total += freq[i] * codes_[i].len;
    return total;
  }

  void Generate(const int32_t* freq, size_t n, int32_t max_bits) {
    std::vector<LiteralNode> list;
    for (size_t i = 0; i < n; ++i) {
      if (freq[i] != 0) {
        list.push_back({static_cast<uint16_t>(i), freq[i]});
      } else {
        codes_[i].len = 0;
      }
    }
    if (list.size() <= 2) {
      for (size_t i = 0; i < list.size(); ++i) codes_[list[i].literal] = {static_cast<uint16_t>(i), 1};
      return;
    }
    std::sort(list.begin(), list.end(), [](const LiteralNode& a, const LiteralNode& b) {
      return a.freq == b.freq ? a.literal < b.literal : a.freq < b.freq;
    });
    std::vector<int32_t> counts = BitCounts(list, max_bits);
    AssignEncoding(counts, list);
  }

 private:
  struct LevelInfo {
    int32_t level = 0, last_freq = 0, next_char_freq = 0, next_pair_freq = 0, needed = 0;
  };

  // How many literals get each code length (index = bits), with the
  // boundary package-merge walk Go uses.
  static std::vector<int32_t> BitCounts(std::vector<LiteralNode> list, int32_t max_bits) {
    const int32_t n = static_cast<int32_t>(list.size());
    list.push_back({UINT16_MAX, INT32_MAX});
    if (max_bits > n - 1) max_bits = n - 1;
    std::array<LevelInfo, 16> levels{};
    int32_t leaf_counts[16][16] = {};
    for (int32_t level = 1; level <= max_bits; ++level) {
      levels[level] = LevelInfo{level, list[1].freq, list[2].freq, list[0].freq + list[1].freq, 0};
      leaf_counts[level][level] = 2;
      if (level == 1) levels[level].next_pair_freq = INT32_MAX;
    }
    levels[max_bits].needed = 2 * n - 4;
    int32_t level = max_bits;
    for (;;) {
      LevelInfo& l = levels[level];
      if (l.next_pair_freq == INT32_MAX && l.next_char_freq == INT32_MAX) {
        l.needed = 0;
        levels[level + 1].next_pair_freq = INT32_MAX;
        ++level;
        continue;
      }
      int32_t prev_freq = l.last_freq;
      if (l.next_char_freq < l.next_pair_freq) {
        int32_t k = leaf_counts[level][level] + 1;
        l.last_freq = l.next_char_freq;
        leaf_counts[level][level] = k;
        l.next_char_freq = list[k].freq;
      } else {
        l.last_freq = l.next_pair_freq;
        for (int32_t j = 0; j < level; ++j) leaf_counts[level][j] = leaf_counts[level - 1][j];
        levels[l.level - 1].needed = 2;
      }
      if (--l.needed == 0) {
        if (l.level == max_bits) break;
        levels[l.level + 1].next_pair_freq = prev_freq + l.last_freq;
        ++level;
      } else {
        while (levels[level - 1].needed > 0) --level;
      }
    }
    std::vector<int32_t> bit_count(max_bits + 1, 0);
    int bits = 1;
    for (int32_t lv = max_bits; lv > 0; --lv) {
      bit_count[bits] = leaf_counts[max_bits][lv] - leaf_counts[max_bits][lv - 1];
      ++bits;
    }
    return bit_count;
  }

  void AssignEncoding(const std::vector<int32_t>& bit_count, std::vector<LiteralNode> list) {
    uint16_t code = 0;
    for (size_t n = 0; n < bit_count.size(); ++n) {
      code = static_cast<uint16_t>(code << 1);
      int32_t bits = bit_count[n];
      if (n == 0 || bits == 0) continue;
      auto chunk_begin = list.end() - bits;
      std::sort(chunk_begin, list.end(),
                [](const LiteralNode& a, const LiteralNode& b) { return a.literal < b.literal; });
      for (auto it = chunk_begin; it != list.end(); ++it) {
        codes_[it->literal] = {ReverseBits(code, static_cast<int>(n)), static_cast<uint16_t>(n)};
        ++code;
      }
      list.erase(chunk_begin, list.end());
    }
  }

  std::vector<HCode> codes_;
};

HuffmanEncoder FixedLiteralEncoder() {
  HuffmanEncoder h(kNumLit);
  for (uint16_t ch = 0; ch < kNumLit; ++ch) {
    uint16_t bits, size;
    if (ch < 144) {
      bits = static_cast<uint16_t>(ch + 48), size = 8;
    } else if (ch < 256) {
      bits = static_cast<uint16_t>(ch + 400 - 144), size = 9;
    } else if (ch < 280) {
      bits = static_cast<uint16_t>(ch - 256), size = 7;
    } else {
      bits = static_cast<uint16_t>(ch + 192 - 280), size = 8;
    }
    h.codes()[ch] = {ReverseBits(bits, size), size};
  }
  return h;
}

HuffmanEncoder FixedOffsetEncoder() {
  HuffmanEncoder h(kNumOffsets);
  for (uint16_t ch = 0; ch < kNumOffsets; ++ch) h.codes()[ch] = {ReverseBits(ch, 5), 5};
  return h;
}

// Go's huffmanBitWriter, writing into a string.
class BitWriter {
 public:
  explicit BitWriter(std::string* out)
      : out_(out), lit_enc_(kNumLit), off_enc_(kNumOffsets), codegen_enc_(kNumCodegen),
        fixed_lit_(FixedLiteralEncoder()), fixed_off_(FixedOffsetEncoder()) {}

  void WriteBits(uint32_t b, unsigned nb) {
    bits_ |= static_cast<uint64_t>(b) << nbits_;
    nbits_ += nb;
    while (nbits_ >= 8) {
      out_->push_back(static_cast<char>(bits_ & 0xff));
      bits_ >>= 8;
      nbits_ -= 8;
    }
  }
  void WriteCode(const HCode& c) { WriteBits(c.code, c.len); }
  // Pads to a byte boundary.
  void Flush() {
    if (nbits_ > 0) out_->push_back(static_cast<char>(bits_ & 0xff));
    bits_ = 0;
    nbits_ = 0;
  }
  void WriteStoredHeader(int length, bool eof) {
    WriteBits(eof ? 1 : 0, 3);
    Flush();
    WriteBits(static_cast<uint32_t>(length), 16);
    WriteBits(static_cast<uint32_t>(~length) & 0xffff, 16);
  }

  // writeBlock (never the final block here). `input` is null when the
  // block's bytes are no longer in the window (then it cannot be stored).
  void WriteBlock(std::vector<Token> tokens, const std::string_view* input) {
    Token eob;
    eob.lit = kEndBlock;
    tokens.push_back(eob);
    auto [num_lits, num_offs] = IndexTokens(tokens);
    int extra_bits = 0;
    bool storable = input != nullptr && input->size() <= static_cast<size_t>(kMaxStoredBlock);
    int stored_size = storable ? static_cast<int>(input->size() + 5) * 8 : 0;
    if (storable) {
      for (int lc = kLengthCodesStart + 8; lc < num_lits; ++lc)
        extra_bits += lit_freq_[lc] * kLengthExtra[lc - kLengthCodesStart];
      for (int oc = 4; oc < num_offs; ++oc) extra_bits += off_freq_[oc] * kOffsetExtra[oc];
    }
    bool fixed = true;
    int size = 3 + fixed_lit_.BitLength(lit_freq_.data(), kNumLit) +
               fixed_off_.BitLength(off_freq_.data(), kNumOffsets) + extra_bits;
    GenerateCodegen(num_lits, num_offs);
    codegen_enc_.Generate(codegen_freq_.data(), kNumCodegen, 7);
    int num_codegens = kNumCodegen;
    while (num_codegens > 4 && codegen_freq_[kCodegenOrder[num_codegens - 1]] == 0) --num_codegens;
    int header = 3 + 5 + 5 + 4 + 3 * num_codegens + codegen_enc_.BitLength(codegen_freq_.data(), kNumCodegen) +
                 codegen_freq_[16] * 2 + codegen_freq_[17] * 3 + codegen_freq_[18] * 7;
    int dynamic_size = header + lit_enc_.BitLength(lit_freq_.data(), kNumLit) +
                       off_enc_.BitLength(off_freq_.data(), kNumOffsets) + extra_bits;
    if (dynamic_size < size) {
      size = dynamic_size;
      fixed = false;
    }
    if (storable && stored_size < size) {
      WriteStoredHeader(static_cast<int>(input->size()), false);
      out_->append(*input);  // the header left the writer byte-aligned
      return;
    }
    if (fixed) {
      WriteBits(2, 3);
    } else {
      WriteDynamicHeader(num_lits, num_offs, num_codegens);
    }
    const HuffmanEncoder& le = fixed ? fixed_lit_ : lit_enc_;
    const HuffmanEncoder& oe = fixed ? fixed_off_ : off_enc_;
    for (const Token& t : tokens) {
      if (!t.match) {
        WriteCode(le.codes()[t.lit]);
        continue;
      }
      uint32_t lc = LengthCode(t.xlength);
      WriteCode(le.codes()[lc + kLengthCodesStart]);
      if (kLengthExtra[lc] > 0) WriteBits(t.xlength - kLengthBase[lc], static_cast<unsigned>(kLengthExtra[lc]));
      uint32_t oc = OffsetCode(t.xoffset);
      WriteCode(oe.codes()[oc]);
      if (kOffsetExtra[oc] > 0)
        WriteBits(t.xoffset - (kOffsetBase[oc] - 1), static_cast<unsigned>(kOffsetExtra[oc]));
    }
  }

 private:
  std::pair<int, int> IndexTokens(const std::vector<Token>& tokens) {
    lit_freq_.fill(0);
    off_freq_.fill(0);
    for (const Token& t : tokens) {
      if (!t.match) {
        ++lit_freq_[t.lit];
        continue;
      }
      ++lit_freq_[kLengthCodesStart + LengthCode(t.xlength)];
      ++off_freq_[OffsetCode(t.xoffset)];
    }
    int num_lits = kNumLit;
    while (lit_freq_[num_lits - 1] == 0) --num_lits;
    int num_offs = kNumOffsets;
    while (num_offs > 0 && off_freq_[num_offs - 1] == 0) --num_offs;
    if (num_offs == 0) {
      off_freq_[0] = 1;
      num_offs = 1;
    }
    lit_enc_.Generate(lit_freq_.data(), kNumLit, 15);
    off_enc_.Generate(off_freq_.data(), kNumOffsets, 15);
    return {num_lits, num_offs};
  }

  // Run-length codes for the code lengths (codes 16, 17, 18), Go's way.
  void GenerateCodegen(int num_lits, int num_offs) {
    codegen_freq_.fill(0);
    codegen_.assign(static_cast<size_t>(num_lits + num_offs + 1), 0);
    for (int i = 0; i < num_lits; ++i) codegen_[i] = static_cast<uint8_t>(lit_enc_.codes()[i].len);
    for (int i = 0; i < num_offs; ++i) codegen_[num_lits + i] = static_cast<uint8_t>(off_enc_.codes()[i].len);
    codegen_[num_lits + num_offs] = kBadCode;
    uint8_t size = codegen_[0];
    int count = 1;
    size_t out = 0;
    for (size_t in = 1; size != kBadCode; ++in) {
      uint8_t next = codegen_[in];
      if (next == size) {
        ++count;
        continue;
      }
      if (size != 0) {
        codegen_[out++] = size;
        ++codegen_freq_[size];
        --count;
        while (count >= 3) {
          int n = std::min(count, 6);
          codegen_[out++] = 16;
          codegen_[out++] = static_cast<uint8_t>(n - 3);
          ++codegen_freq_[16];
          count -= n;
        }
      } else {
        while (count >= 11) {
          int n = std::min(count, 138);
          codegen_[out++] = 18;
          codegen_[out++] = static_cast<uint8_t>(n - 11);
          ++codegen_freq_[18];
          count -= n;
        }
        if (count >= 3) {
          codegen_[out++] = 17;
          codegen_[out++] = static_cast<uint8_t>(count - 3);
          ++codegen_freq_[17];
          count = 0;
        }
      }
      --count;
      for (; count >= 0; --count) {
        codegen_[out++] = size;
        ++codegen_freq_[size];
      }
      size = next;
      count = 1;
    }
    codegen_[out] = kBadCode;
  }

  void WriteDynamicHeader(int num_lits, int num_offs, int num_codegens) {
    WriteBits(4, 3);
    WriteBits(static_cast<uint32_t>(num_lits - 257), 5);
    WriteBits(static_cast<uint32_t>(num_offs - 1), 5);
    WriteBits(static_cast<uint32_t>(num_codegens - 4), 4);
    for (int i = 0; i < num_codegens; ++i) WriteBits(codegen_enc_.codes()[kCodegenOrder[i]].len, 3);
    for (size_t i = 0;;) {
      uint8_t word = codegen_[i++];
      if (word == kBadCode) break;
      WriteCode(codegen_enc_.codes()[word]);
      if (word == 16) WriteBits(codegen_[i++], 2);
      else if (word == 17) WriteBits(codegen_[i++], 3);
      else if (word == 18) WriteBits(codegen_[i++], 7);
    }
  }

  std::string* out_;
  uint64_t bits_ = 0;
  unsigned nbits_ = 0;
  std::array<int32_t, kNumLit> lit_freq_{};
  std::array<int32_t, kNumOffsets> off_freq_{};
  std::array<int32_t, kNumCodegen> codegen_freq_{};
  std::vector<uint8_t> codegen_;
  HuffmanEncoder lit_enc_, off_enc_, codegen_enc_;
  HuffmanEncoder fixed_lit_, fixed_off_;
};

// Go's compressor at level 6 (lazy matching over hash chains).
class Compressor {
 public:
  explicit Compressor(std::string* out)
      : w_(out), window_(2 * kWindowSize), hash_head_(kHashSize, 0), hash_prev_(kWindowSize, 0) {}

  void Write(std::string_view b) {
    while (!b.empty()) {
      Step();
      b.remove_prefix(Fill(b));
    }
  }
  // Flush (sync == true) or Close's final pass.
  void Sync(bool final_block) {
    sync_ = true;
    Step();
    w_.WriteStoredHeader(0, final_block);
    w_.Flush();
    sync_ = false;
  }

 private:
  static uint32_t Hash4(const uint8_t* b) {
    uint32_t v = static_cast<uint32_t>(b[3]) | static_cast<uint32_t>(b[2]) << 8 | static_cast<uint32_t>(b[1]) << 16 |
                 static_cast<uint32_t>(b[0]) << 24;
    return (v * 0x1e35a7bdu) >> (32 - kHashBits);
  }

  size_t Fill(std::string_view b) {
    if (index_ >= 2 * kWindowSize - (kMinMatch + kMaxMatch)) {
      std::copy(window_.begin() + kWindowSize, window_.end(), window_.begin());
      index_ -= kWindowSize;
      window_end_ -= kWindowSize;
      block_start_ = block_start_ >= kWindowSize ? block_start_ - kWindowSize : INT_MAX;
      hash_offset_ += kWindowSize;
      if (hash_offset_ > kMaxHashOffset) {
        int delta = hash_offset_ - 1;
        hash_offset_ -= delta;
        chain_head_ -= delta;
        for (auto& v : hash_prev_) v = static_cast<int>(v) > delta ? static_cast<uint32_t>(static_cast<int>(v) - delta) : 0;
        for (auto& v : hash_head_) v = static_cast<int>(v) > delta ? static_cast<uint32_t>(static_cast<int>(v) - delta) : 0;
      }
    }
    size_t n = std::min(b.size(), window_.size() - static_cast<size_t>(window_end_));
    std::copy(b.begin(), b.begin() + static_cast<std::ptrdiff_t>(n), window_.begin() + window_end_);
    window_end_ += static_cast<int>(n);
    return n;
  }

  void WriteBlock(int index) {
    if (index <= 0) return;
    std::string_view in;
    bool have = block_start_ <= index;
    if (have)
      in = std::string_view(reinterpret_cast<const char*>(window_.data()) + block_start_,
                            static_cast<size_t>(index - block_start_));
    block_start_ = index;
    w_.WriteBlock(tokens_, have ? &in : nullptr);
    tokens_.clear();
  }

  bool FindMatch(int pos, int prev_head, int prev_length, int lookahead, int* length, int* offset) {
    int min_match_look = std::min(kMaxMatch, lookahead);
    int win_len = pos + min_match_look;
    int nice = std::min(win_len - pos, kNice);
    int tries = kChain;
    *length = prev_length;
    if (*length >= kGood) tries >>= 2;
    bool ok = false;
    uint8_t w_end = window_[pos + *length];
    int min_index = pos - kWindowSize;
    for (int i = prev_head; tries > 0; --tries) {
      if (w_end == window_[i + *length]) {
        int n = 0;
        while (n < min_match_look && window_[i + n] == window_[pos + n]) ++n;
        if (n > *length && (n > kMinMatch || pos - i <= 4096)) {
          *length = n;
          *offset = pos - i;
          ok = true;
          if (n >= nice) break;
          w_end = window_[pos + n];
        }
      }
      if (i == min_index) break;
      i = static_cast<int>(hash_prev_[i & kWindowMask]) - hash_offset_;
      if (i < min_index || i < 0) break;
    }
    return ok;
  }

  void Insert(int index) {
    uint32_t h = Hash4(&window_[index]) & kHashMask;
    hash_prev_[index & kWindowMask] = hash_head_[h];
    hash_head_[h] = static_cast<uint32_t>(index + hash_offset_);
  }

  void Literal(int i) {
    Token t;
    t.lit = window_[i];
    tokens_.push_back(t);
  }

  void Step() {
    if (window_end_ - index_ < kMinMatch + kMaxMatch && !sync_) return;
    max_insert_index_ = window_end_ - (kMinMatch - 1);
    for (;;) {
      int lookahead = window_end_ - index_;
      if (lookahead < kMinMatch + kMaxMatch) {
        if (!sync_) break;
        if (lookahead == 0) {
          if (byte_available_) {
            Literal(index_ - 1);
            byte_available_ = false;
          }
          if (!tokens_.empty()) WriteBlock(index_);
          break;
        }
      }
      if (index_ < max_insert_index_) {
        uint32_t h = Hash4(&window_[index_]) & kHashMask;
        chain_head_ = static_cast<int>(hash_head_[h]);
        hash_prev_[index_ & kWindowMask] = static_cast<uint32_t>(chain_head_);
        hash_head_[h] = static_cast<uint32_t>(index_ + hash_offset_);
      }
      int prev_length = length_;
      int prev_offset = offset_;
      length_ = kMinMatch - 1;
      offset_ = 0;
      int min_index = std::max(index_ - kWindowSize, 0);
      if (chain_head_ - hash_offset_ >= min_index && lookahead > prev_length && prev_length < kLazy) {
        int l = 0, o = 0;
        if (FindMatch(index_, chain_head_ - hash_offset_, kMinMatch - 1, lookahead, &l, &o)) {
          length_ = l;
          offset_ = o;
        }
      }
      if (prev_length >= kMinMatch && length_ <= prev_length) {
        Token t;
        t.match = true;
        t.xlength = static_cast<uint32_t>(prev_length - 3);
        t.xoffset = static_cast<uint32_t>(prev_offset - 1);
        tokens_.push_back(t);
        int new_index = index_ + prev_length - 1;
        int idx = index_;
        for (++idx; idx < new_index; ++idx)
          if (idx < max_insert_index_) Insert(idx);
        index_ = idx;
        byte_available_ = false;
        length_ = kMinMatch - 1;
        if (static_cast<int>(tokens_.size()) == kMaxBlockTokens) WriteBlock(index_);
      } else {
        if (byte_available_) {
          int i = index_ - 1;
          Literal(i);
          if (static_cast<int>(tokens_.size()) == kMaxBlockTokens) WriteBlock(i + 1);
        }
        ++index_;
        byte_available_ = true;
      }
    }
  }

  BitWriter w_;
  std::vector<uint8_t> window_;
  std::vector<uint32_t> hash_head_;
  std::vector<uint32_t> hash_prev_;
  std::vector<Token> tokens_;
  int hash_offset_ = 1;
  int chain_head_ = -1;
  int index_ = 0;
  int window_end_ = 0;
  int block_start_ = 0;
  int max_insert_index_ = 0;
  int length_ = kMinMatch - 1;
  int offset_ = 0;
  bool byte_available_ = false;
  bool sync_ = false;
};

void PutLE32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

}  // namespace

std::string GoGzip(std::string_view data) {
  std::string out("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
  {
    Compressor c(&out);
    c.Write(data);
    c.Sync(false);  // gzip.Writer.Flush
    c.Sync(true);   // gzip.Writer.Close
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  size_t off = 0;
  while (off < data.size()) {  // crc32 takes a uInt length
    uInt n = static_cast<uInt>(std::min<size_t>(data.size() - off, 1u << 30));
    crc = crc32(crc, reinterpret_cast<const Bytef*>(data.data() + off), n);
    off += n;
  }
  PutLE32(&out, static_cast<uint32_t>(crc));
  PutLE32(&out, static_cast<uint32_t>(data.size()));
  return out;
}

void AddGzip(cty::FunctionTable* t) {
  (*t)["base64gzip"] = Fn({Param("str", Type::String())}, Static(Type::String()),
                          [](const Args& a, const Type&) -> FuncResult<Value> {
                            return Value::String(Base64EncodeBytes(GoGzip(a[0].AsString())));
                          });
}

}  // namespace funcs::internal
