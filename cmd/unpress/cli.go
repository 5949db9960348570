package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/unpress/unpress/scrape/crawl"
)

// The command line is cobra's (as hugo's and gh's): help on stdout with
// examples, `unpress help CMD`, GNU-style flags with short forms for the
// common ones, completions, and suggestions for mistyped commands. What
// cobra does not do is here: a suggestion for a mistyped flag, the exit
// code each command chose, and usage errors as one line plus a pointer to
// --help instead of the whole flag list.

// usageError is a mistake in the command line itself: printed with a
// pointer to the command's --help.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{fmt.Sprintf(format, args...)}
}

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
	ui := &uiOptions{color: colorAuto}
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
				return usagef("%s", msg)
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
	root.SetFlagErrorFunc(flagError)
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
		return usagef("%s: unexpected argument %q", c.Name(), args[0])
	}
	return nil
}

// flagError turns pflag's parse errors into usage errors, suggesting the
// nearest flag for an unknown one ("did you mean --preset?").
func flagError(c *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		if s := nearestFlag(c, name); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
	}
	return usagef("%s", msg)
}

// nearestFlag is the flag of c whose name is within two edits of name,
// or that name begins, when one is.
func nearestFlag(c *cobra.Command, name string) string {
	best, bestDist := "", 3
	c.Flags().VisitAll(func(f *pflag.Flag) {
		d := editDistance(name, f.Name)
		if strings.HasPrefix(f.Name, name) && len(name) >= 3 {
			d = min(d, 1)
		}
		if d < bestDist && !f.Hidden {
			best, bestDist = f.Name, d
		}
	})
	return best
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}

// goStyleFlags rewrites the single-dash long flags the command line took
// before cobra (-from DIR, -dry-run) as --from and --dry-run, so that
// scripts written then still run: pflag would read -from as -f -r -o -m.
func goStyleFlags(root *cobra.Command, args []string) []string {
	c, _, err := root.Find(args)
	if err != nil {
		c = root
	}
	c.InitDefaultHelpFlag()
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if a == "--" {
			copy(out[i:], args[i:])
			break
		}
		name, _, _ := strings.Cut(strings.TrimPrefix(a, "-"), "=")
		if strings.HasPrefix(a, "-") && !strings.HasPrefix(a, "--") && len(name) > 1 && c.Flags().Lookup(name) != nil {
			out[i] = "-" + a
		}
	}
	return out
}

// colorMode is the --color flag.
type colorMode string

const (
	colorAuto   colorMode = "auto"
	colorAlways colorMode = "always"
	colorNever  colorMode = "never"
)

func (m *colorMode) String() string { return string(*m) }
func (m *colorMode) Type() string   { return "mode" }
func (m *colorMode) Set(v string) error {
	switch colorMode(v) {
	case colorAuto, colorAlways, colorNever:
		*m = colorMode(v)
		return nil
	}
	return fmt.Errorf("use auto, always or never")
}

// uiOptions are the flags every command shares.
type uiOptions struct{ color colorMode }

// colored says whether output to w is coloured: --color always or never,
// else only on a terminal, unless NO_COLOR is set (no-color.org) or the
// terminal is dumb.
func (u *uiOptions) colored(w io.Writer) bool {
	switch u.color {
	case colorAlways:
		return true
	case colorNever:
		return false
	}
	return crawl.IsTerminal(w) && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
}

// errorLines prints err as run's caller sees it: the error first, then, for
// a usage error, one line saying where the help is.
func errorLines(stderr io.Writer, c *cobra.Command, err error) {
	fmt.Fprintln(stderr, "unpress:", err)
	if ue := (*usageError)(nil); errors.As(err, &ue) && c != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", c.CommandPath())
	}
}
