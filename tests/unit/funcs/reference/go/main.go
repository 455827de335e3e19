// Reference evaluator for the lib/funcs differential test: calls go-cty's
// stdlib and go-cty-yaml functions (Debian's golang-github-zclconf-go-cty-dev
// and golang-github-zclconf-go-cty-yaml-dev) the way HCL does: each argument
// converted to its parameter type, then Function.Call.
//
// Input lines: NAME<TAB>ARG<US>ARG... where ARG is {"value":V,"type":T},
// {"unknown":T} or {"sensitive":ARG}. Output: one line per input, the
// result's GoString or "ERR <first line of the error>".
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	ctyyaml "github.com/zclconf/go-cty-yaml"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/convert"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

var fns = map[string]function.Function{
	"abs": stdlib.AbsoluteFunc, "ceil": stdlib.CeilFunc, "floor": stdlib.FloorFunc, "log": stdlib.LogFunc,
	"max": stdlib.MaxFunc, "min": stdlib.MinFunc, "parseint": stdlib.ParseIntFunc, "pow": stdlib.PowFunc,
	"signum": stdlib.SignumFunc,
	"chomp": stdlib.ChompFunc, "format": stdlib.FormatFunc, "formatlist": stdlib.FormatListFunc,
	"indent": stdlib.IndentFunc, "join": stdlib.JoinFunc, "lower": stdlib.LowerFunc, "regex": stdlib.RegexFunc,
	"regexall": stdlib.RegexAllFunc, "split": stdlib.SplitFunc, "strrev": stdlib.ReverseFunc,
	"substr": stdlib.SubstrFunc, "title": stdlib.TitleFunc, "trim": stdlib.TrimFunc,
	"trimprefix": stdlib.TrimPrefixFunc, "trimsuffix": stdlib.TrimSuffixFunc, "trimspace": stdlib.TrimSpaceFunc,
	"upper": stdlib.UpperFunc,
	"chunklist": stdlib.ChunklistFunc, "coalescelist": stdlib.CoalesceListFunc, "compact": stdlib.CompactFunc,
	"concat": stdlib.ConcatFunc, "contains": stdlib.ContainsFunc, "distinct": stdlib.DistinctFunc,
	"element": stdlib.ElementFunc, "flatten": stdlib.FlattenFunc, "keys": stdlib.KeysFunc, "merge": stdlib.MergeFunc,
	"range": stdlib.RangeFunc, "reverse": stdlib.ReverseListFunc, "setintersection": stdlib.SetIntersectionFunc,
	"setproduct": stdlib.SetProductFunc, "setsubtract": stdlib.SetSubtractFunc, "setunion": stdlib.SetUnionFunc,
	"slice": stdlib.SliceFunc, "sort": stdlib.SortFunc, "values": stdlib.ValuesFunc, "zipmap": stdlib.ZipmapFunc,
	"csvdecode": stdlib.CSVDecodeFunc, "jsondecode": stdlib.JSONDecodeFunc, "jsonencode": stdlib.JSONEncodeFunc,
	"formatdate": stdlib.FormatDateFunc, "timeadd": stdlib.TimeAddFunc,
	"yamldecode": ctyyaml.YAMLDecodeFunc, "yamlencode": ctyyaml.YAMLEncodeFunc,
}

func parseArg(a []byte) (cty.Value, error) {
	var raw struct {
		Value     json.RawMessage `json:"value"`
		Type      json.RawMessage `json:"type"`
		Unknown   json.RawMessage `json:"unknown"`
		Sensitive json.RawMessage `json:"sensitive"`
	}
	if err := json.Unmarshal(a, &raw); err != nil {
		return cty.NilVal, err
	}
	if raw.Sensitive != nil {
		v, err := parseArg(raw.Sensitive)
		return v.Mark("sensitive"), err
	}
	if raw.Unknown != nil {
		ty, err := ctyjson.UnmarshalType(raw.Unknown)
		return cty.UnknownVal(ty), err
	}
	ty, err := ctyjson.UnmarshalType(raw.Type)
	if err != nil {
		return cty.NilVal, err
	}
	return ctyjson.Unmarshal(raw.Value, ty)
}

func firstLine(err error) string { return strings.SplitN(err.Error(), "\n", 2)[0] }

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		parts := strings.SplitN(sc.Text(), "\t", 2)
		f, found := fns[parts[0]]
		if !found {
			fmt.Println("NOFN")
			continue
		}
		var args []cty.Value
		bad := false
		if len(parts) > 1 && parts[1] != "" {
			for _, a := range strings.Split(parts[1], "\x1f") {
				v, err := parseArg([]byte(a))
				if err != nil {
					fmt.Println("BADARG", err)
					bad = true
					break
				}
				args = append(args, v)
			}
		}
		if bad {
			continue
		}
		params := f.Params()
		for i := range args {
			var p function.Parameter
			if i < len(params) {
				p = params[i]
			} else if vp := f.VarParam(); vp != nil {
				p = *vp
			} else {
				break
			}
			cv, err := convert.Convert(args[i], p.Type)
			if err != nil {
				fmt.Printf("ERR %s\n", firstLine(err))
				bad = true
				break
			}
			args[i] = cv
		}
		if bad {
			continue
		}
		v, err := f.Call(args)
		if err != nil {
			fmt.Printf("ERR %s\n", firstLine(err))
			continue
		}
		fmt.Printf("%#v\n", v)
	}
}
