// Package cli is what unpress's command line needs beyond cobra and
// pflag: usage errors that point at --help, a suggestion for a mistyped
// flag, the Go-style single-dash flags of before, --color, durations that
// say their units, and the progress display. It knows nothing of
// migrations: cmd/unpress wires it to the library's callbacks.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// UsageError is a mistake in the command line itself: printed with a
// pointer to the command's --help.
type UsageError struct{ msg string }

func (e *UsageError) Error() string { return e.msg }

// Usagef is a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{fmt.Sprintf(format, args...)}
}

// PrintError prints err the way the command line shows every error: first,
// then, for a usage error, one line saying where the help is (not the
// whole flag list).
func PrintError(stderr io.Writer, c *cobra.Command, err error) {
	fmt.Fprintln(stderr, "unpress:", err)
	if ue := (*UsageError)(nil); errors.As(err, &ue) && c != nil {
		fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", c.CommandPath())
	}
}

// FlagError turns pflag's parse errors into usage errors, suggesting the
// nearest flag for an unknown one ("did you mean --preset?"): cobra
// suggests commands only.
func FlagError(c *cobra.Command, err error) error {
	msg := err.Error()
	if name, ok := strings.CutPrefix(msg, "unknown flag: --"); ok {
		if s := nearestFlag(c, name); s != "" {
			msg += fmt.Sprintf("; did you mean --%s?", s)
		}
	}
	return Usagef("%s", msg)
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

// GoStyleFlags rewrites the single-dash long flags a command line took
// with Go's flag package (-from DIR, -dry-run) as --from and --dry-run, so
// that scripts written then still run: pflag would read -from as -f -r -o
// -m.
func GoStyleFlags(root *cobra.Command, args []string) []string {
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

// ColorMode is the --color flag: auto, always or never.
type ColorMode string

func (m *ColorMode) String() string { return string(*m) }
func (m *ColorMode) Type() string   { return "when" }
func (m *ColorMode) Set(v string) error {
	switch v {
	case "auto", "always", "never":
		*m = ColorMode(v)
		return nil
	}
	return errors.New("use auto, always or never")
}

// Colored says whether output to w is coloured: always or never as the
// flag says, else only on a terminal, unless NO_COLOR is set (no-color.org)
// or the terminal is dumb.
func (m ColorMode) Colored(w io.Writer) bool {
	switch m {
	case "always":
		return true
	case "never":
		return false
	}
	return IsTerminal(w) && os.Getenv("NO_COLOR") == "" && !dumb()
}

// dumb reports TERM=dumb: a terminal that cannot move its cursor, where
// nothing is coloured or redrawn.
func dumb() bool { return os.Getenv("TERM") == "dumb" }

// IsTerminal reports whether w is a terminal (a character device).
func IsTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// Duration is a time.Duration flag whose error for a bare number says
// which units to write (--delay 5).
type Duration time.Duration

func (d *Duration) String() string { return time.Duration(*d).String() }
func (d *Duration) Type() string   { return "duration" }
func (d *Duration) Set(v string) error {
	t, err := time.ParseDuration(v)
	if err != nil {
		if n, nerr := strconv.ParseFloat(v, 64); nerr == nil && n != 0 {
			return fmt.Errorf("a duration needs its unit: use %ss or 500ms", v)
		}
		return errors.New("not a duration: use 5s or 500ms")
	}
	*d = Duration(t)
	return nil
}
