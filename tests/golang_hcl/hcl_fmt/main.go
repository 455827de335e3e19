// hcl-fmt-go FILE: the reference formatter for the formatter differential
// test (run_fmt_differential.sh). Parses FILE with hclsyntax.ParseConfig
// (Debian hcl/v2 2.14.1); on syntax errors prints the diagnostics to
// stderr and exits 1, otherwise prints hclwrite.Format(FILE) to stdout.
//
// hcl-fmt-go --format-only FILE skips the parse check (hclwrite formats
// anything that lexes; used to check idempotency of the reference).
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/hashicorp/hcl/v2/hclwrite"
)

func main() {
	args := os.Args[1:]
	check := true
	if len(args) == 2 && args[0] == "--format-only" {
		check = false
		args = args[1:]
	}
	if len(args) != 1 {
		fmt.Fprintln(os.Stderr, "usage: hcl-fmt-go [--format-only] FILE")
		os.Exit(2)
	}
	src, err := os.ReadFile(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	if check {
		_, diags := hclsyntax.ParseConfig(src, args[0], hcl.InitialPos)
		if diags.HasErrors() {
			for _, d := range diags {
				fmt.Fprintln(os.Stderr, d.Error())
			}
			os.Exit(1)
		}
	}
	os.Stdout.Write(hclwrite.Format(src))
}
