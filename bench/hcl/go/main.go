// hcl-bench-go: the Go twin of bench/hcl/hcl_bench.cc on HashiCorp's
// hcl/v2 (Debian 2.14.1) and go-cty. Same measurements, same output lines:
//
//	go FILE OP BYTES ITERATIONS NS_PER_OP MB_PER_S ALLOCS_PER_OP
//
// parse: hclsyntax.ParseConfig; eval: every attribute of the body,
// recursively (skipping "type" and "ignore_changes"), in the fixed context
// below (mirrors EvalContextForBench). Times are process CPU time
// (getrusage); allocations are runtime.MemStats Mallocs deltas.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"syscall"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"
	"github.com/zclconf/go-cty/cty/function"
	"github.com/zclconf/go-cty/cty/function/stdlib"
)

func constFunc(params []function.Parameter, result cty.Value) function.Function {
	return function.New(&function.Spec{
		Params: params,
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			return result, nil
		},
	})
}

func strings(items ...string) cty.Value {
	vals := make([]cty.Value, len(items))
	for i, s := range items {
		vals[i] = cty.StringVal(s)
	}
	return cty.TupleVal(vals)
}

func evalContext() *hcl.EvalContext {
	str := function.Parameter{Name: "s", Type: cty.String}
	getEnv := function.New(&function.Spec{
		Params: []function.Parameter{str, str},
		Type:   function.StaticReturnType(cty.String),
		Impl: func(args []cty.Value, retType cty.Type) (cty.Value, error) {
			return args[1], nil
		},
	})
	deps := map[string]cty.Value{}
	for _, d := range []string{"vpc", "dns", "rds", "obs", "elb", "iam"} {
		deps[d] = cty.ObjectVal(map[string]cty.Value{"outputs": cty.ObjectVal(map[string]cty.Value{
			"id":         cty.StringVal(d + "-id"),
			"subnet_ids": strings("subnet-a", "subnet-b", ""),
			"endpoint":   cty.StringVal(d + ".internal"),
		})})
	}
	return &hcl.EvalContext{
		Functions: map[string]function.Function{
			"format":                   stdlib.FormatFunc,
			"upper":                    stdlib.UpperFunc,
			"lower":                    stdlib.LowerFunc,
			"join":                     stdlib.JoinFunc,
			"merge":                    stdlib.MergeFunc,
			"tostring":                 stdlib.MakeToFunc(cty.String),
			"get_env":                  getEnv,
			"path_relative_to_include": constFunc(nil, cty.StringVal("live/prod/cce")),
			"find_in_parent_folders":   constFunc([]function.Parameter{str}, cty.StringVal("../../root.hcl")),
		},
		Variables: map[string]cty.Value{
			"var": cty.ObjectVal(map[string]cty.Value{
				"env":    cty.StringVal("prod"),
				"region": cty.StringVal("eu-de"),
				"vpc_id": cty.StringVal("vpc-0123"),
				"tags": cty.MapVal(map[string]cty.Value{
					"env": cty.StringVal("prod"), "team": cty.StringVal("platform"),
					"cost_center": cty.StringVal("cc-1234"),
				}),
			}),
			"local": cty.ObjectVal(map[string]cty.Value{
				"env":         cty.StringVal("prod"),
				"region":      cty.StringVal("eu-de"),
				"project":     cty.StringVal("eu-de_prod"),
				"bucket":      cty.StringVal("tfstate-eu-de_prod-edp"),
				"name_prefix": cty.StringVal("edp-prod"),
				"dns_servers": strings("100.125.4.25", "100.125.129.199"),
				"common_tags": cty.ObjectVal(map[string]cty.Value{
					"managed_by": cty.StringVal("edp-stack"), "env": cty.StringVal("prod"),
					"region": cty.StringVal("eu-de"),
				}),
			}),
			"dependency": cty.ObjectVal(deps),
			"count":      cty.ObjectVal(map[string]cty.Value{"index": cty.NumberIntVal(0)}),
		},
	}
}

func skipped(name string) bool { return name == "type" || name == "ignore_changes" }

func evalBody(body *hclsyntax.Body, ctx *hcl.EvalContext) (int, string) {
	errors, first := 0, ""
	for name, a := range body.Attributes {
		if skipped(name) {
			continue
		}
		_, diags := a.Expr.Value(ctx)
		if diags.HasErrors() {
			if first == "" {
				first = name + ": " + diags.Error()
			}
			errors++
		}
	}
	for _, b := range body.Blocks {
		n, f := evalBody(b.Body, ctx)
		errors += n
		if first == "" {
			first = f
		}
	}
	return errors, first
}

// cpuSeconds is the process's user+system CPU time (all threads, so the
// garbage collector's work counts), like CLOCK_PROCESS_CPUTIME_ID in C++.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

type measure struct {
	iterations int64
	nsPerOp    float64
	allocs     float64
}

func run(minTime float64, fn func()) measure {
	fn()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	mallocs0 := ms.Mallocs
	start := cpuSeconds()
	var iters, batch int64 = 0, 1
	elapsed := 0.0
	for elapsed < minTime {
		for i := int64(0); i < batch; i++ {
			fn()
		}
		iters += batch
		elapsed = cpuSeconds() - start
		if batch < 1<<20 {
			batch *= 2
		}
	}
	runtime.ReadMemStats(&ms)
	return measure{iters, elapsed * 1e9 / float64(iters), float64(ms.Mallocs-mallocs0) / float64(iters)}
}

func main() {
	minTime := 1.0
	var files []string
	args := os.Args[1:]
	for i := 0; i < len(args); i++ {
		if args[i] == "--min-time" && i+1 < len(args) {
			v, err := strconv.ParseFloat(args[i+1], 64)
			if err != nil {
				fmt.Fprintln(os.Stderr, "hcl-bench-go: bad --min-time:", err)
				os.Exit(2)
			}
			minTime = v
			i++
			continue
		}
		files = append(files, args[i])
	}
	ctx := evalContext()
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			fmt.Fprintln(os.Stderr, "hcl-bench-go:", err)
			os.Exit(1)
		}
		name := filepath.Base(path)
		f, diags := hclsyntax.ParseConfig(src, path, hcl.InitialPos)
		if diags.HasErrors() {
			fmt.Fprintln(os.Stderr, "hcl-bench-go:", diags.Error())
			os.Exit(1)
		}
		body := f.Body.(*hclsyntax.Body)
		if n, first := evalBody(body, ctx); n != 0 {
			fmt.Fprintf(os.Stderr, "hcl-bench-go: %s: evaluation error: %s\n", path, first)
			os.Exit(1)
		}
		mb := float64(len(src)) / 1e6
		p := run(minTime, func() {
			if _, d := hclsyntax.ParseConfig(src, path, hcl.InitialPos); d.HasErrors() {
				panic(d.Error())
			}
		})
		fmt.Printf("go %s parse %d %d %.0f %.2f %.0f\n", name, len(src), p.iterations, p.nsPerOp, mb/(p.nsPerOp/1e9), p.allocs)
		e := run(minTime, func() {
			if n, first := evalBody(body, ctx); n != 0 {
				panic(first)
			}
		})
		fmt.Printf("go %s eval %d %d %.0f %.2f %.0f\n", name, len(src), e.iterations, e.nsPerOp, mb/(e.nsPerOp/1e9), e.allocs)
	}
}
