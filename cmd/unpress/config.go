package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/scrape/extract"
)

// Config is the per-site rules file (unpress.yaml). Flags given on the
// command line win over it; nothing else (no environment variables) does.
type Config struct {
	BaseURL      string   `yaml:"base_url"`
	Preset       string   `yaml:"preset"`
	Timezone     string   `yaml:"timezone"`
	SiteName     string   `yaml:"site_name"`
	Placeholders []string `yaml:"placeholders"`
	Rename       struct {
		Tags       map[string]string `yaml:"tags"`
		Categories map[string]string `yaml:"categories"`
		Authors    map[string]string `yaml:"authors"`
	} `yaml:"rename"`
	Selectors        selectorConfig `yaml:"selectors"`
	IncludeProtected bool           `yaml:"include_protected"`
	// Schema reshapes the preset's output (output/schemaconfig.go).
	Schema output.SchemaConfig `yaml:"schema"`
	// Crawl holds the crawl's URL patterns (sources.go).
	Crawl crawlConfig `yaml:"crawl"`
	// PostTypes place or skip an export's custom post types, by type.
	PostTypes map[string]postTypeConfig `yaml:"post_types"`
}

// postTypeConfig is one custom post type's entry: the folder its posts go
// to (the type's name by default), or skip: true to write none of them.
type postTypeConfig struct {
	Folder string `yaml:"folder"`
	Skip   bool   `yaml:"skip"`
}

// skipTypes are the custom post types the config skips, sorted.
func (c *Config) skipTypes() []string {
	var out []string
	for typ, t := range c.PostTypes {
		if t.Skip {
			out = append(out, typ)
		}
	}
	slices.Sort(out)
	return out
}

// selectorConfig is the selectors section: the body and chrome, and the
// site's own rules for fields, tried before the built-in ones.
type selectorConfig struct {
	Content    []string `yaml:"content"`
	Chrome     []string `yaml:"chrome"`
	Title      []string `yaml:"title"`
	Author     []string `yaml:"author"`
	Published  []string `yaml:"published"`
	Updated    []string `yaml:"updated"`
	Image      []string `yaml:"image"`
	Categories []string `yaml:"categories"`
	Tags       []string `yaml:"tags"`
	Previous   []string `yaml:"previous"`
	Next       []string `yaml:"next"`
}

// extractOptions are the extractor's rules the config sets.
func (c selectorConfig) extractOptions() extract.Options {
	return extract.Options{
		ContentSelectors: c.Content,
		ChromeSelectors:  c.Chrome,
		Rules: map[string][]string{
			extract.FieldTitle: c.Title, extract.FieldAuthor: c.Author,
			extract.FieldPublished: c.Published, extract.FieldUpdated: c.Updated,
			extract.FieldImage: c.Image, extract.FieldCategories: c.Categories, extract.FieldTags: c.Tags,
			extract.FieldPrevious: c.Previous, extract.FieldNext: c.Next,
		},
	}
}

// unknownField rewrites yaml.v3's "field x not found in type struct {...}"
// (Go internals for nested sections) as the key the user wrote.
var unknownField = regexp.MustCompile(`field (\S+) not found in type [^\n]*`)

// loadConfig reads a config file strictly: an unknown key is an error that
// names the key and its line, because a misspelt rule silently ignored is a
// migration silently wrong.
func loadConfig(path string) (*Config, error) {
	cfg := &Config{}
	if path == "" {
		return cfg, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(cfg); err != nil && !errors.Is(err, io.EOF) {
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		msg = unknownField.ReplaceAllString(msg, `unknown key "$1"`)
		return nil, fmt.Errorf("config %s: %s", path, msg)
	}
	return cfg, nil
}
