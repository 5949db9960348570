package main

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/output"
)

func newAdoptCmd(ctx context.Context, stdout, stderr io.Writer, code *int) *cobra.Command {
	c := &cobra.Command{
		Use:   "adopt PATH...",
		Short: "Take migrated files over: unpress never touches them again",
		Long: `adopt makes files yours: unpress never writes, merges, overwrites or prunes
them again. Paths are found in the output folder they lie in, as git finds
its repository, so it runs from the site's folder.`,
		Example: `  unpress adopt content/posts/about.md
  unpress adopt src/pages/blog/*.md`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return cli.Usagef("adopt: name the files to take over")
			}
			return nil
		},
	}
	c.RunE = command(code, func(args []string) (int, error) { return cmdAdopt(ctx, args, stdout) })
	return c
}

// cmdAdopt makes files the person's (output.Adopt).
func cmdAdopt(_ context.Context, pos []string, stdout io.Writer) (int, error) {
	byRoot := map[string][]string{}
	var roots []string
	for _, p := range pos {
		root, rel, err := output.FindRoot(p)
		if err != nil {
			return exitError, err
		}
		if _, seen := byRoot[root]; !seen {
			roots = append(roots, root)
		}
		byRoot[root] = append(byRoot[root], rel)
	}
	for _, root := range roots {
		if err := output.Adopt(root, byRoot[root]); err != nil {
			return exitError, err
		}
		for _, rel := range byRoot[root] {
			fmt.Fprintf(stdout, "adopted %s: unpress will not touch it again\n", output.EscapeControls(rel))
		}
	}
	return exitOK, nil
}
