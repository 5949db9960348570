package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/output"
)

func newDiffCmd(ctx context.Context, ui *uiOptions, stdout, stderr io.Writer, code *int) *cobra.Command {
	o := migrateOptions{ui: ui}
	var update bool
	c := &cobra.Command{
		Use:   "diff --fixtures DIR [flags]",
		Short: "Check saved pages against the Markdown expected beside them",
		Long: `diff migrates a folder of saved legacy pages that have the expected Markdown
beside them (x/index.html and x/index.md; post.html and post.md) and prints
the difference. It exits 2 when any page differs: pin a site's rules in CI.`,
		Example: `  unpress diff --fixtures testdata/pages
  unpress diff --fixtures testdata/pages -p hugo -c unpress.yaml
  unpress diff --fixtures testdata/pages --update   # accept the current output`,
		Args: noArgs,
	}
	c.RunE = command(code, func([]string) (int, error) { return cmdDiff(ctx, o, update, stdout, stderr) })
	fs := c.Flags()
	fs.SortFlags = false
	fs.StringVar(&o.from, "fixtures", "", "`folder` of saved pages with the expected .md beside each")
	fs.StringVarP(&o.preset, "preset", "p", "", "output layout (default decap)")
	fs.StringVar(&o.baseURL, "base-url", "", "the legacy site's `URL`, when the pages do not say it")
	fs.StringVarP(&o.configPath, "config", "c", "", "per-site rules `file` (YAML)")
	fs.BoolVarP(&update, "update", "u", false, "write the actual output as the expected files")
	return c
}

// cmdDiff runs the pipeline over a folder of saved legacy pages that have
// the expected Markdown beside them and prints the difference between
// expected and actual. The folder is migrated as a whole site, so
// site-wide repairs are locked down too. It is how a user pins the rules for
// their site in CI; unpress's own fixtures use it in its tests.
func cmdDiff(ctx context.Context, o migrateOptions, update bool, stdout, stderr io.Writer) (int, error) {
	if o.from == "" {
		return exitError, cli.Usagef("diff: --fixtures DIR is required")
	}
	cfg, err := loadConfig(o.configPath)
	if err != nil {
		return exitError, err
	}
	out, err := os.MkdirTemp("", "unpress-diff-")
	if err != nil {
		return exitError, err
	}
	defer os.RemoveAll(out)
	o.out, o.quiet, o.workers = out, true, 1
	j, err := newJob(ctx, o, cfg, stderr)
	if err != nil {
		return exitError, err
	}
	j.written = map[string]string{}
	rep, err := j.run(ctx)
	if err != nil {
		return exitError, err
	}
	rep.Close() // only the files matter here

	var origins []string
	for origin := range j.written {
		origins = append(origins, origin)
	}
	slices.Sort(origins)
	color := o.ui.color.Colored(stdout)
	checked, differ := 0, 0
	for _, origin := range origins {
		expectedRel := strings.TrimSuffix(origin, path.Ext(origin)) + ".md"
		expectedFile := filepath.Join(o.from, filepath.FromSlash(expectedRel))
		got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(j.written[origin])))
		if err != nil {
			return exitError, err
		}
		want, err := os.ReadFile(expectedFile)
		switch {
		case errors.Is(err, os.ErrNotExist) && !update:
			continue // a page with no expectation is not checked
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return exitError, err
		}
		checked++
		if bytes.Equal(got, want) {
			continue
		}
		if update {
			if err := os.WriteFile(expectedFile, got, 0o644); err != nil {
				return exitError, err
			}
			fmt.Fprintf(stderr, "updated %s\n", expectedRel)
			continue
		}
		differ++
		c := output.Change{Path: expectedRel, Result: output.Updated, Old: want, New: got}
		if err := c.WriteDiff(stdout, color); err != nil {
			return exitError, err
		}
	}
	if checked == 0 {
		return exitError, fmt.Errorf("diff: %s has no page with an expected .md beside it", o.from)
	}
	if differ > 0 {
		fmt.Fprintf(stderr, "%d of %d fixture pages differ from their expected Markdown\n", differ, checked)
		return exitChanges, nil
	}
	fmt.Fprintf(stderr, "%d fixture pages match their expected Markdown\n", checked)
	return exitOK, nil
}
