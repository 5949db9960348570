package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/cobra"

	"github.com/unpress/unpress/cmd/internal/cli"
	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/extract"
	"github.com/unpress/unpress/scrape/mirror"
	"github.com/unpress/unpress/transform"
	"github.com/unpress/unpress/transform/markdown"
)

// extractFlags are the extract command's settings.
type extractFlags struct {
	asJSON                          bool
	pageURL, presetName, configPath string
}

func newExtractCmd(ctx context.Context, stdout, stderr io.Writer, code *int) *cobra.Command {
	var f extractFlags
	c := &cobra.Command{
		Use:   "extract [flags] FILE",
		Short: "Show what unpress makes of one saved page (to tune a site's rules)",
		Long: `extract prints what unpress makes of one saved page: the file as the preset
would write it, or with --json every field with its source, the conflicts
and the warnings.`,
		Example: `  unpress extract mirror/2022/03/11/hello/index.html
  unpress extract --json --url https://example.org/hello/ page.html
  unpress extract -p hugo -c unpress.yaml page.html`,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) != 1 {
				return cli.Usagef("extract: give exactly one FILE")
			}
			return nil
		},
	}
	c.RunE = command(code, func(args []string) (int, error) { return cmdExtract(ctx, f, args[0], stdout) })
	fs := c.Flags()
	fs.SortFlags = false
	fs.BoolVar(&f.asJSON, "json", false, "print fields with their sources as JSON")
	fs.StringVar(&f.pageURL, "url", "", "the page's original `URL` (default: its canonical link)")
	fs.StringVarP(&f.presetName, "preset", "p", "", "output layout: decap, hugo, jekyll, astro or eleventy (default decap)")
	fs.StringVarP(&f.configPath, "config", "c", "", "per-site rules `file` (YAML)")
	return c
}

// cmdExtract prints what unpress makes of one saved page.
func cmdExtract(_ context.Context, f extractFlags, file string, stdout io.Writer) (int, error) {
	asJSON, pageURL, presetName, configPath := &f.asJSON, &f.pageURL, &f.presetName, &f.configPath
	cfg, err := loadConfig(*configPath)
	if err != nil {
		return exitError, err
	}
	preset, err := buildPreset(firstNonEmpty(*presetName, cfg.Preset, "decap"), cfg)
	if err != nil {
		return exitError, err
	}
	x, err := extract.New(cfg.Selectors.extractOptions())
	if err != nil {
		return exitError, fmt.Errorf("config: %w", err)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		return exitError, err
	}
	body, cs, err := mirror.Decode(raw, "")
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", file, err)
	}
	u, err := pageAddress(*pageURL, firstNonEmpty(cfg.BaseURL), file)
	if err != nil {
		return exitError, err
	}
	page := &scrape.Page{URL: u, Origin: file, HTML: body, Charset: cs}
	ex, err := x.Extract(page)
	if err != nil {
		return exitError, fmt.Errorf("%s: %w", file, err)
	}
	if *pageURL == "" && ex.Canonical != "" && ex.Canonical != u.String() {
		// Read again against the page's own address so that relative
		// links and the permalink date are right.
		if cu, err := url.Parse(ex.Canonical); err == nil {
			page.URL = cu
			if ex, err = x.Extract(page); err != nil {
				return exitError, fmt.Errorf("%s: %w", file, err)
			}
		}
	}
	conv, err := markdown.New(markdown.Options{Embed: preset.Embed, More: preset.More})
	if err != nil {
		return exitError, err
	}
	post, err := transform.ResolvePage(ex, file, siteOptions(cfg), conv)
	if err != nil {
		return exitPageErrors, err
	}
	p := &post
	if *asJSON {
		entry := output.NewEntry(p)
		entry.Origin = file
		out := struct {
			output.Entry
			Charset     string `json:"charset"`
			ContentRule string `json:"content_rule,omitempty"`
			Body        string `json:"body_markdown"`
		}{entry, cs, ex.ContentRule, p.Body}
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return exitOK, enc.Encode(out)
	}
	data, err := preset.Render(p, p.Body)
	if err != nil {
		return exitError, err
	}
	_, err = stdout.Write(data)
	return exitOK, err
}

// pageAddress is the URL a single saved file is read against.
func pageAddress(explicit, base, file string) (*url.URL, error) {
	if explicit != "" {
		u, err := url.Parse(explicit)
		if err != nil || u.Host == "" {
			return nil, fmt.Errorf("--url %q is not an absolute URL", explicit)
		}
		return u, nil
	}
	if base != "" {
		if u, err := url.Parse(base); err == nil && u.Host != "" {
			return u, nil
		}
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return nil, err
	}
	return &url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}, nil
}

// siteOptions are the repair rules a config file sets.
func siteOptions(cfg *Config) transform.Options {
	var placeholders []string
	if len(cfg.Placeholders) > 0 {
		// A site's own placeholders add to the usual ones.
		placeholders = slices.Concat(transform.DefaultPlaceholders, cfg.Placeholders)
	}
	return transform.Options{
		Placeholders:     placeholders,
		TagRename:        cfg.Rename.Tags,
		CategoryRename:   cfg.Rename.Categories,
		AuthorRename:     cfg.Rename.Authors,
		SiteName:         cfg.SiteName,
		IncludeProtected: cfg.IncludeProtected,
		SkipTypes:        cfg.skipTypes(),
	}
}
