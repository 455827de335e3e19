// Throughput of the cty msgpack and JSON codecs on a provider-sized value: a
// resource state with ~40 attributes (strings, numbers, bools, maps, a set,
// nested blocks and a list of 100 objects).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "cty/cty.h"

namespace {

using cty::Type;
using cty::Value;

Type RuleType() {
  return Type::Object({
      {"name", Type::String()},
      {"description", Type::String()},
      {"priority", Type::Number()},
      {"enabled", Type::Bool()},
      {"protocol", Type::String()},
      {"from_port", Type::Number()},
      {"to_port", Type::Number()},
      {"cidr_blocks", Type::List(Type::String())},
      {"weight", Type::Number()},
      {"labels", Type::Map(Type::String())},
  });
}

Type ResourceType() {
  std::map<std::string, Type> attrs;
  for (int i = 0; i < 14; ++i) attrs.emplace("str_attr_" + std::to_string(i), Type::String());
  for (int i = 0; i < 8; ++i) attrs.emplace("num_attr_" + std::to_string(i), Type::Number());
  for (int i = 0; i < 8; ++i) attrs.emplace("bool_attr_" + std::to_string(i), Type::Bool());
  attrs.emplace("id", Type::String());
  attrs.emplace("arn", Type::String());
  attrs.emplace("tags", Type::Map(Type::String()));
  attrs.emplace("tags_all", Type::Map(Type::String()));
  attrs.emplace("security_groups", Type::Set(Type::String()));
  attrs.emplace("rules", Type::List(RuleType()));
  attrs.emplace("timeouts", Type::Object({{"create", Type::String()}, {"delete", Type::String()}}));
  attrs.emplace("settings", Type::List(Type::Object({{"key", Type::String()}, {"value", Type::String()},
                                                       {"nested", Type::List(Type::Object({{"x", Type::Number()}}))}})));
  attrs.emplace("ratio", Type::Number());
  attrs.emplace("unset", Type::String());
  return Type::Object(std::move(attrs));
}

Value MakeRule(int i) {
  std::map<std::string, Value> labels = {{"app", Value::String("web-" + std::to_string(i))},
                                         {"tier", Value::String(i % 2 ? "frontend" : "backend")}};
  return Value::ObjectOf(RuleType(), {
      {"name", Value::String("rule-" + std::to_string(i))},
      {"description", Value::String("Allow traffic for service number " + std::to_string(i) + " from the load balancer")},
      {"priority", Value::Int(100 + i)},
      {"enabled", Value::Bool(i % 3 != 0)},
      {"protocol", Value::String("tcp")},
      {"from_port", Value::Int(8000 + i)},
      {"to_port", Value::Int(8000 + i)},
      {"cidr_blocks", Value::List(Type::String(), {Value::String("10.0." + std::to_string(i) + ".0/24"),
                                                    Value::String("192.168.1.0/24")})},
      {"weight", Value::Number(cty::Number::FromDouble(0.25 * i))},
      {"labels", Value::Map(Type::String(), std::move(labels))},
  });
}

Value MakeResource() {
  Type t = ResourceType();
  std::map<std::string, Value> a;
  for (int i = 0; i < 14; ++i) {
    a.emplace("str_attr_" + std::to_string(i), Value::String("value-of-string-attribute-" + std::to_string(i)));
  }
  for (int i = 0; i < 8; ++i) a.emplace("num_attr_" + std::to_string(i), Value::Int(i * 1234567));
  for (int i = 0; i < 8; ++i) a.emplace("bool_attr_" + std::to_string(i), Value::Bool(i % 2 == 0));
  a.emplace("id", Value::String("sg-0123456789abcdef0"));
  a.emplace("arn", Value::String("arn:aws:ec2:eu-west-1:123456789012:security-group/sg-0123456789abcdef0"));
  std::map<std::string, Value> tags;
  for (int i = 0; i < 10; ++i) tags.emplace("tag" + std::to_string(i), Value::String("tag-value-" + std::to_string(i)));
  a.emplace("tags", Value::Map(Type::String(), tags));
  a.emplace("tags_all", Value::Map(Type::String(), tags));
  std::vector<Value> sgs;
  for (int i = 0; i < 8; ++i) sgs.push_back(Value::String("sg-" + std::to_string(1000 + i)));
  a.emplace("security_groups", Value::Set(Type::String(), sgs));
  std::vector<Value> rules;
  for (int i = 0; i < 100; ++i) rules.push_back(MakeRule(i));
  a.emplace("rules", Value::List(RuleType(), rules));
  a.emplace("timeouts", Value::Object({{"create", Value::String("10m")}, {"delete", Value::Null(Type::String())}}));
  Type st = t.attribute("settings").element();
  std::vector<Value> settings;
  for (int i = 0; i < 5; ++i) {
    settings.push_back(Value::ObjectOf(st, {{"key", Value::String("k" + std::to_string(i))},
                                            {"value", Value::String("v" + std::to_string(i))},
                                            {"nested", Value::List(st.attribute("nested").element(),
                                                                   {Value::Object({{"x", Value::Int(i)}})})}}));
  }
  a.emplace("settings", Value::List(st, settings));
  a.emplace("ratio", Value::Number(*cty::Number::Parse("0.1")));
  a.emplace("unset", Value::Null(Type::String()));
  return Value::ObjectOf(t, std::move(a));
}

const Value& Resource() {
  static const Value* v = new Value(MakeResource());
  return *v;
}

template <typename T>
const T& Check(const cty::Result<T>& r) {
  if (!r.ok()) {
    std::fprintf(stderr, "bench_cty: %s\n", r.error().ToString().c_str());
    std::abort();
  }
  return *r;
}

void BM_MsgpackDecode(benchmark::State& state) {
  Type t = ResourceType();
  std::string data = Check(cty::msgpack::Marshal(Resource(), t));
  for (auto _ : state) {
    auto v = cty::msgpack::Unmarshal(data, t);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(data.size()));
  state.counters["bytes"] = static_cast<double>(data.size());
}
BENCHMARK(BM_MsgpackDecode);

void BM_MsgpackEncode(benchmark::State& state) {
  Type t = ResourceType();
  const Value& v = Resource();
  size_t size = Check(cty::msgpack::Marshal(v, t)).size();
  for (auto _ : state) {
    auto out = cty::msgpack::Marshal(v, t);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
}
BENCHMARK(BM_MsgpackEncode);

void BM_JSONDecode(benchmark::State& state) {
  Type t = ResourceType();
  std::string data = Check(cty::json::Marshal(Resource(), t));
  for (auto _ : state) {
    auto v = cty::json::Unmarshal(data, t);
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(data.size()));
  state.counters["bytes"] = static_cast<double>(data.size());
}
BENCHMARK(BM_JSONDecode);

void BM_JSONEncode(benchmark::State& state) {
  Type t = ResourceType();
  const Value& v = Resource();
  size_t size = Check(cty::json::Marshal(v, t)).size();
  for (auto _ : state) {
    auto out = cty::json::Marshal(v, t);
    benchmark::DoNotOptimize(out);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(size));
}
BENCHMARK(BM_JSONEncode);

void BM_RawEquals(benchmark::State& state) {
  Type t = ResourceType();
  Value a = Check(cty::msgpack::Unmarshal(Check(cty::msgpack::Marshal(Resource(), t)), t));
  Value b = Check(cty::msgpack::Unmarshal(Check(cty::msgpack::Marshal(Resource(), t)), t));
  for (auto _ : state) benchmark::DoNotOptimize(a.RawEquals(b));
}
BENCHMARK(BM_RawEquals);

}  // namespace
