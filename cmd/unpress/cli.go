package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/combine"
	"github.com/unpress/unpress/scrape/crawl"
)

// The command line is cobra's (as hugo's and gh's): help on stdout with
// examples, `unpress help CMD`, GNU-style flags with short forms for the
// common ones, completions, and suggestions for mistyped commands; what
// cobra does not do is in cmd/internal/cli.

// uiOptions are the flags every command shares.
type uiOptions struct{ color cli.ColorMode }

// command wraps a command's work, which returns the exit code it chose,
// as the RunE cobra calls.
func command(code *int, f func(args []string) (int, error)) func(*cobra.Command, []string) error {
	return func(_ *cobra.Command, args []string) error {
		var err error
		*code, err = f(args)
		return err
	}
}

// newRoot is the whole command tree; the chosen command's exit code lands
// in *code.
func newRoot(ctx context.Context, stdout, stderr io.Writer, code *int) *cobra.Command {
	ui := &uiOptions{color: "auto"}
	root := &cobra.Command{
		Use:   "unpress",
		Short: "Move a WordPress-style site to Markdown with YAML front matter",
		Long: `unpress moves a WordPress-style site to Markdown with YAML front matter.

It reads a folder of saved pages, a live site (crawled), a WordPress export
or the REST API, and writes one Markdown file per post and page for Decap,
Hugo, Jekyll, Astro or Eleventy.`,
		Example: `  unpress migrate --from mirror/ --out site/ --preset hugo
  unpress migrate -f https://example.org/ -o site/ --dry-run --stat
  unpress extract --json mirror/2022/03/11/hello/index.html
  unpress diff --fixtures testdata/pages
  unpress adopt content/posts/about.md
  unpress completion bash > /etc/bash_completion.d/unpress`,
		Version: version,
		// Bare `unpress` is a usage error: the help, on stderr.
		Args: func(c *cobra.Command, args []string) error {
			if len(args) > 0 {
				msg := fmt.Sprintf("unknown command %q", args[0])
				if s := c.SuggestionsFor(args[0]); len(s) > 0 {
					msg += fmt.Sprintf("; did you mean %q?", s[0])
				}
				return cli.Usagef("%s", msg)
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			c.SetOut(stderr)
			c.Help()
			*code = exitError
			return nil
		},
		// A mistyped command's flags are not the error to show: the
		// command is (unpress migrat --from x).
		FParseErrWhitelist: cobra.FParseErrWhitelist{UnknownFlags: true},
		SilenceErrors:      true,
		SilenceUsage:       true,
		DisableAutoGenTag:  true,
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetVersionTemplate("unpress {{.Version}}\n")
	// Flag descriptions wrapped to fit 80 columns, as man pages and gh do.
	root.SetUsageTemplate(strings.ReplaceAll(root.UsageTemplate(), ".FlagUsages", ".FlagUsagesWrapped 80"))
	root.PersistentFlags().Var(&ui.color, "color", "`when` to colour diffs: auto (on a terminal, unless NO_COLOR is set or TERM=dumb), always or never")
	root.SetFlagErrorFunc(cli.FlagError)
	root.AddCommand(
		newMigrateCmd(ctx, ui, stdout, stderr, code),
		newExtractCmd(ctx, stdout, stderr, code),
		newDiffCmd(ctx, ui, stdout, stderr, code),
		newAdoptCmd(ctx, stdout, stderr, code),
		&cobra.Command{
			Use: "version", Short: "Print unpress's version", Args: noArgs,
			Example: "  unpress version",
			Run:     func(*cobra.Command, []string) { fmt.Fprintln(stdout, "unpress", version) },
		},
	)
	return root
}

// noArgs refuses positional arguments as a usage error.
func noArgs(c *cobra.Command, args []string) error {
	if len(args) > 0 {
		return cli.Usagef("%s: unexpected argument %q", c.Name(), args[0])
	}
	return nil
}

// checkMigrateArgs refuses positional arguments, pointing a path or a URL at
// --from (unpress migrate mirror/).
func checkMigrateArgs(args []string) error {
	if len(args) == 0 {
		return nil
	}
	a := args[0]
	if _, err := os.Stat(a); err == nil || scrape.IsWebURL(a) || combine.LooksLikeHost(a) {
		return cli.Usagef("migrate: unexpected argument %q: name the site with --from, as in --from %s", a, a)
	}
	return cli.Usagef("migrate: unexpected argument %q", a)
}

// unreachable explains a site that could not be reached: the address,
// why, and the two ways on.
func unreachable(err error) error {
	var ue *crawl.UnreachableError
	if !errors.As(err, &ue) {
		return err
	}
	return fmt.Errorf("cannot reach %s: %s\n"+
		"  check that the site is up and the address is right (open it in a browser),\n"+
		"  or migrate a saved copy of it instead: --from DIR (a folder of saved pages)", ue.URL, ue.Reason())
}
