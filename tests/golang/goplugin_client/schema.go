package main

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// GetProviderSchema.Response field names; the numbers are the same in
// tfplugin5 and tfplugin6.
var schemaFieldNames = map[uint64]string{
	1:  "provider",
	2:  "resource_schemas",
	3:  "data_source_schemas",
	4:  "diagnostics",
	5:  "provider_meta",
	6:  "server_capabilities",
	7:  "functions",
	8:  "ephemeral_resource_schemas",
	9:  "list_resource_schemas",
	10: "state_store_schemas",
	11: "action_schemas",
}

type schemaSummary struct {
	fields      string   // "provider=1 resource_schemas=4 ..."
	diagnostics []string // "ERROR: summary: detail"
	errors      int
}

// summarizeSchema walks the top level of a GetProviderSchema.Response in
// protobuf wire format, counting occurrences of each field (map entries
// count one each) and decoding the diagnostics.
func summarizeSchema(b []byte) (schemaSummary, error) {
	var s schemaSummary
	counts := map[uint64]int{}
	err := walkFields(b, func(field uint64, wire int, payload []byte) error {
		counts[field]++
		if field == 4 && wire == 2 {
			text, isError, err := decodeDiagnostic(payload)
			if err != nil {
				return fmt.Errorf("diagnostic: %v", err)
			}
			s.diagnostics = append(s.diagnostics, text)
			if isError {
				s.errors++
			}
		}
		return nil
	})
	if err != nil {
		return s, err
	}
	var nums []uint64
	for n := range counts {
		nums = append(nums, n)
	}
	sort.Slice(nums, func(i, j int) bool { return nums[i] < nums[j] })
	var parts []string
	for _, n := range nums {
		name := schemaFieldNames[n]
		if name == "" {
			name = fmt.Sprintf("field%d", n)
		}
		parts = append(parts, fmt.Sprintf("%s=%d", name, counts[n]))
	}
	if len(parts) == 0 {
		parts = append(parts, "(empty message)")
	}
	s.fields = strings.Join(parts, " ")
	return s, nil
}

// decodeDiagnostic reads Diagnostic{severity=1, summary=2, detail=3}.
func decodeDiagnostic(b []byte) (text string, isError bool, err error) {
	severity := uint64(0)
	var summary, detail string
	err = walkFields(b, func(field uint64, wire int, payload []byte) error {
		switch {
		case field == 1 && wire == 0:
			severity, _ = binary.Uvarint(payload)
		case field == 2 && wire == 2:
			summary = string(payload)
		case field == 3 && wire == 2:
			detail = string(payload)
		}
		return nil
	})
	names := map[uint64]string{0: "INVALID", 1: "ERROR", 2: "WARNING"}
	level := names[severity]
	if level == "" {
		level = fmt.Sprintf("severity(%d)", severity)
	}
	return fmt.Sprintf("%s: %s: %s", level, summary, detail), severity == 1, err
}

// walkFields calls fn for each top-level field of a protobuf message. For
// varints the payload is the varint's bytes; for length-delimited fields it
// is the content.
func walkFields(b []byte, fn func(field uint64, wire int, payload []byte) error) error {
	for len(b) > 0 {
		tag, n := binary.Uvarint(b)
		if n <= 0 {
			return errors.New("bad tag varint")
		}
		b = b[n:]
		field, wire := tag>>3, int(tag&7)
		if field == 0 {
			return errors.New("field number 0")
		}
		var payload []byte
		switch wire {
		case 0:
			_, n = binary.Uvarint(b)
			if n <= 0 {
				return fmt.Errorf("field %d: bad varint", field)
			}
			payload, b = b[:n], b[n:]
		case 1:
			if len(b) < 8 {
				return fmt.Errorf("field %d: truncated fixed64", field)
			}
			payload, b = b[:8], b[8:]
		case 2:
			l, n := binary.Uvarint(b)
			if n <= 0 || l > uint64(len(b)-n) {
				return fmt.Errorf("field %d: bad length", field)
			}
			payload, b = b[n:n+int(l)], b[n+int(l):]
		case 5:
			if len(b) < 4 {
				return fmt.Errorf("field %d: truncated fixed32", field)
			}
			payload, b = b[:4], b[4:]
		default:
			return fmt.Errorf("field %d: unsupported wire type %d", field, wire)
		}
		if err := fn(field, wire, payload); err != nil {
			return err
		}
	}
	return nil
}
