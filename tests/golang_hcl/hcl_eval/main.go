// hcl-eval-go FILE: the reference twin of tools/hcl_eval.cc on HashiCorp's
// hcl/v2 (Debian: 2.14.1) and go-cty (1.12). Parses FILE with
// hclsyntax.ParseConfig, evaluates every attribute (no variables; a fixed
// set of go-cty stdlib functions, the ones OpenTofu registers unchanged,
// plus hcl's ext/tryfunc can and try) and prints
//
//	{"attributes":{NAME:{"type":T,"value":V}},"blocks":[{"type":S,"labels":[S...],"body":BODY}]}
//
// compact, attributes sorted by name, blocks in source order, then a
// newline. On any error: diagnostics to stderr, exit 1. FILE names ending
// in .json are parsed with hcl/v2/json and read through jsonSchema
// (writeSchemaBody), like tools/hcl_eval.cc.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/ext/tryfunc"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	hcljson "github.com/hashicorp/hcl/v2/json"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// Functions OpenTofu takes from go-cty's stdlib as they are; the corpus's
// func_*.hcl cases use only these.
func functions() map[string]function.Function {
	return map[string]function.Function{
		"abs":          stdlib.AbsoluteFunc,
		"ceil":         stdlib.CeilFunc,
		"chomp":        stdlib.ChompFunc,
		"coalescelist": stdlib.CoalesceListFunc,
		"compact":      stdlib.CompactFunc,
		"concat":       stdlib.ConcatFunc,
		"contains":     stdlib.ContainsFunc,
		"distinct":     stdlib.DistinctFunc,
		"element":      stdlib.ElementFunc,
		"flatten":      stdlib.FlattenFunc,
		"floor":        stdlib.FloorFunc,
		"format":       stdlib.FormatFunc,
		"formatlist":   stdlib.FormatListFunc,
		"indent":       stdlib.IndentFunc,
		"join":         stdlib.JoinFunc,
		"jsondecode":   stdlib.JSONDecodeFunc,
		"jsonencode":   stdlib.JSONEncodeFunc,
		"keys":         stdlib.KeysFunc,
		"lower":        stdlib.LowerFunc,
		"max":          stdlib.MaxFunc,
		"merge":        stdlib.MergeFunc,
		"min":          stdlib.MinFunc,
		"pow":          stdlib.PowFunc,
		"range":        stdlib.RangeFunc,
		"reverse":      stdlib.ReverseListFunc,
		"signum":       stdlib.SignumFunc,
		"sort":         stdlib.SortFunc,
		"split":        stdlib.SplitFunc,
		"strrev":       stdlib.ReverseFunc,
		"substr":       stdlib.SubstrFunc,
		"title":        stdlib.TitleFunc,
		"trimspace":    stdlib.TrimSpaceFunc,
		"upper":        stdlib.UpperFunc,
		"values":       stdlib.ValuesFunc,
		"zipmap":       stdlib.ZipmapFunc,
		"tostring":     stdlib.MakeToFunc(cty.String),
		"tonumber":     stdlib.MakeToFunc(cty.Number),
		"tobool":       stdlib.MakeToFunc(cty.Bool),
		"tolist":       stdlib.MakeToFunc(cty.List(cty.DynamicPseudoType)),
		"toset":        stdlib.MakeToFunc(cty.Set(cty.DynamicPseudoType)),
		"tomap":        stdlib.MakeToFunc(cty.Map(cty.DynamicPseudoType)),
		// hcl's ext/tryfunc, as tofu registers them.
		"can": tryfunc.CanFunc,
		"try": tryfunc.TryFunc,
	}
}

func jsonString(s string) []byte {
	b, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return b
}

func writeBody(buf *bytes.Buffer, body *hclsyntax.Body, ctx *hcl.EvalContext) hcl.Diagnostics {
	var diags hcl.Diagnostics
	names := make([]string, 0, len(body.Attributes))
	for name := range body.Attributes {
		names = append(names, name)
	}
	sort.Strings(names)
	buf.WriteString(`{"attributes":{`)
	first := true
	for _, name := range names {
		attr := body.Attributes[name]
		val, d := attr.Expr.Value(ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		vj, err := ctyjson.Marshal(val, val.Type())
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unencodable value",
				Detail:   fmt.Sprintf("The value of %q cannot be encoded as JSON: %s.", name, err),
				Subject:  attr.SrcRange.Ptr(),
			})
			continue
		}
		tj, err := ctyjson.MarshalType(val.Type())
		if err != nil {
			panic(err)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(jsonString(name))
		buf.WriteString(`:{"type":`)
		buf.Write(tj)
		buf.WriteString(`,"value":`)
		buf.Write(vj)
		buf.WriteByte('}')
	}
	buf.WriteString(`},"blocks":[`)
	for i, b := range body.Blocks {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"type":`)
		buf.Write(jsonString(b.Type))
		buf.WriteString(`,"labels":[`)
		for j, l := range b.Labels {
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.Write(jsonString(l))
		}
		buf.WriteString(`],"body":`)
		diags = append(diags, writeBody(buf, b.Body, ctx)...)
		buf.WriteByte('}')
	}
	buf.WriteString(`]}`)
	return diags
}

// jsonSchema mirrors edp::tools::EvalJSONSchema (tools/hcl_eval_json.cc):
// the block types recognised at every level of a JSON-syntax file.
var jsonSchema = &hcl.BodySchema{Blocks: []hcl.BlockHeaderSchema{
	{Type: "resource", LabelNames: []string{"type", "name"}},
	{Type: "data", LabelNames: []string{"type", "name"}},
	{Type: "variable", LabelNames: []string{"name"}},
	{Type: "output", LabelNames: []string{"name"}},
	{Type: "module", LabelNames: []string{"name"}},
	{Type: "provider", LabelNames: []string{"name"}},
	{Type: "locals"},
	{Type: "terraform"},
	{Type: "lifecycle"},
	{Type: "block"},
}}

// writeSchemaBody prints a body read through jsonSchema: blocks from
// PartialContent, attributes from the remaining body's JustAttributes.
func writeSchemaBody(buf *bytes.Buffer, body hcl.Body, ctx *hcl.EvalContext) hcl.Diagnostics {
	content, remain, diags := body.PartialContent(jsonSchema)
	attrs, d := remain.JustAttributes()
	diags = append(diags, d...)
	names := make([]string, 0, len(attrs))
	for name := range attrs {
		names = append(names, name)
	}
	sort.Strings(names)
	buf.WriteString(`{"attributes":{`)
	first := true
	for _, name := range names {
		attr := attrs[name]
		val, d := attr.Expr.Value(ctx)
		diags = append(diags, d...)
		if d.HasErrors() {
			continue
		}
		vj, err := ctyjson.Marshal(val, val.Type())
		if err != nil {
			diags = append(diags, &hcl.Diagnostic{
				Severity: hcl.DiagError,
				Summary:  "Unencodable value",
				Detail:   fmt.Sprintf("The value of %q cannot be encoded as JSON: %s.", name, err),
				Subject:  attr.Range.Ptr(),
			})
			continue
		}
		tj, err := ctyjson.MarshalType(val.Type())
		if err != nil {
			panic(err)
		}
		if !first {
			buf.WriteByte(',')
		}
		first = false
		buf.Write(jsonString(name))
		buf.WriteString(`:{"type":`)
		buf.Write(tj)
		buf.WriteString(`,"value":`)
		buf.Write(vj)
		buf.WriteByte('}')
	}
	buf.WriteString(`},"blocks":[`)
	for i, b := range content.Blocks {
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteString(`{"type":`)
		buf.Write(jsonString(b.Type))
		buf.WriteString(`,"labels":[`)
		for j, l := range b.Labels {
			if j > 0 {
				buf.WriteByte(',')
			}
			buf.Write(jsonString(l))
		}
		buf.WriteString(`],"body":`)
		diags = append(diags, writeSchemaBody(buf, b.Body, ctx)...)
		buf.WriteByte('}')
	}
	buf.WriteString(`]}`)
	return diags
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: hcl-eval-go FILE")
		os.Exit(2)
	}
	path := os.Args[1]
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "hcl-eval-go: %s\n", err)
		os.Exit(1)
	}
	files := map[string]*hcl.File{}
	report := func(diags hcl.Diagnostics) {
		wr := hcl.NewDiagnosticTextWriter(os.Stderr, files, 0, false)
		_ = wr.WriteDiagnostics(diags)
	}
	// NAME.json (.hcl.json, .tf.json): HCL's JSON syntax, read through jsonSchema.
	isJSON := strings.HasSuffix(path, ".json")
	var f *hcl.File
	var diags hcl.Diagnostics
	if isJSON {
		f, diags = hcljson.Parse(src, path)
	} else {
		f, diags = hclsyntax.ParseConfig(src, path, hcl.Pos{Line: 1, Column: 1, Byte: 0})
	}
	if f != nil {
		files[path] = f
	}
	if diags.HasErrors() {
		report(diags)
		os.Exit(1)
	}
	ctx := &hcl.EvalContext{Functions: functions()}
	var buf bytes.Buffer
	if isJSON {
		diags = writeSchemaBody(&buf, f.Body, ctx)
	} else {
		diags = writeBody(&buf, f.Body.(*hclsyntax.Body), ctx)
	}
	if diags.HasErrors() {
		report(diags)
		os.Exit(1)
	}
	buf.WriteByte('\n')
	os.Stdout.Write(buf.Bytes())
}
