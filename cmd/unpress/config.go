package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"gopkg.in/yaml.v3"
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
	Selectors struct {
		Content []string `yaml:"content"`
		Chrome  []string `yaml:"chrome"`
	} `yaml:"selectors"`
	IncludeProtected bool `yaml:"include_protected"`
	// Schema reshapes the preset's output (presets.go).
	Schema schemaConfig `yaml:"schema"`
	// Crawl holds the crawl's URL patterns (sources.go).
	Crawl crawlConfig `yaml:"crawl"`
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
