package output

import (
	"fmt"
	"path"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// SchemaConfig is the config file's schema section: a custom front matter
// and layout, starting from the preset. Every value is kept as a YAML node
// so that an error names its line.
type SchemaConfig struct {
	// Rename maps a preset field to the key it is written under.
	Rename yaml.Node `yaml:"rename"`
	// Drop lists preset fields to leave out.
	Drop yaml.Node `yaml:"drop"`
	// Set adds fields with a constant value (or replaces the value of a
	// preset field), in the order given.
	Set yaml.Node `yaml:"set"`
	// Computed adds fields whose value comes from the post
	// (ComputedSources): summary: description.
	Computed yaml.Node `yaml:"computed"`
	// DateFormat is one of DateFormats or a Go layout.
	DateFormat yaml.Node `yaml:"date_format"`
	// Timezone is the zone dates are written in (and file names dated by).
	Timezone yaml.Node `yaml:"timezone"`
	// PostPath places posts under the content folder by a pattern
	// ("{year}/{slug}.md"); PostURL is their URL when it does not follow
	// from the path.
	PostPath yaml.Node `yaml:"post_path"`
	PostURL  yaml.Node `yaml:"post_url"`
	// ContentDir, PageDir, MediaDir and MediaURL replace the preset's
	// folders.
	ContentDir yaml.Node `yaml:"content_dir"`
	PageDir    yaml.Node `yaml:"page_dir"`
	MediaDir   yaml.Node `yaml:"media_dir"`
	MediaURL   yaml.Node `yaml:"media_url"`
	// PageBundles puts each Hugo post and page in a folder of its own.
	PageBundles yaml.Node `yaml:"page_bundles"`
}

// schemaError names the config key and its line.
func schemaError(key string, n *yaml.Node, format string, args ...any) error {
	return fmt.Errorf("config: schema.%s: line %d: %s", key, n.Line, fmt.Sprintf(format, args...))
}

// BuildPreset is the output layout for a run: the named preset, shaped by
// a config file's schema section (nil for none). An error names the key
// and its line.
func BuildPreset(name string, s *SchemaConfig) (*Preset, error) {
	p, err := LookupPreset(name)
	if err != nil || s == nil {
		return p, err
	}

	str := func(key string, n *yaml.Node) (string, bool, error) {
		if n.Kind == 0 {
			return "", false, nil
		}
		var v string
		if n.Kind != yaml.ScalarNode || n.Decode(&v) != nil {
			return "", false, schemaError(key, n, "want a string")
		}
		return v, true, nil
	}
	folder := func(key string, n *yaml.Node, dst *string) error {
		v, ok, err := str(key, n)
		if err != nil || !ok {
			return err
		}
		clean := path.Clean(strings.Trim(v, "/"))
		if v == "" || clean == "." || clean == ".." || strings.HasPrefix(clean, "../") || path.IsAbs(v) {
			return schemaError(key, n, "%q is not a folder inside --out", v)
		}
		*dst = clean
		return nil
	}
	for _, f := range []struct {
		key string
		n   *yaml.Node
		dst *string
	}{
		{"content_dir", &s.ContentDir, &p.ContentDir},
		{"page_dir", &s.PageDir, &p.PageDir},
		{"media_dir", &s.MediaDir, &p.MediaDir},
	} {
		if err := folder(f.key, f.n, f.dst); err != nil {
			return nil, err
		}
	}
	if v, ok, err := str("media_url", &s.MediaURL); err != nil {
		return nil, err
	} else if ok {
		if !strings.HasPrefix(v, "/") && !strings.Contains(v, "://") {
			return nil, schemaError("media_url", &s.MediaURL, "%q must start with / or be an absolute URL", v)
		}
		p.MediaURL = strings.TrimSuffix(v, "/")
	}

	if s.PageBundles.Kind != 0 {
		var on bool
		if s.PageBundles.Decode(&on) != nil {
			return nil, schemaError("page_bundles", &s.PageBundles, "want true or false")
		}
		if on {
			if err := p.UsePageBundles(); err != nil {
				return nil, schemaError("page_bundles", &s.PageBundles, "%v", err)
			}
		}
	}
	file, fileSet, err := str("post_path", &s.PostPath)
	if err != nil {
		return nil, err
	}
	url, urlSet, err := str("post_url", &s.PostURL)
	if err != nil {
		return nil, err
	}
	if fileSet || urlSet {
		if !fileSet {
			file = p.PostFile
			if file == "" {
				file = strings.TrimPrefix(p.PostSection+"/{slug}.md", "/")
			}
		}
		if !urlSet && fileSet {
			url = "" // the URL follows from the new path
		}
		if err := p.SetPostPatterns(file, url); err != nil {
			at, n := "post_path", &s.PostPath
			if !fileSet {
				at, n = "post_url", &s.PostURL
			}
			return nil, schemaError(at, n, "%v", err)
		}
	}

	if tz, ok, err := str("timezone", &s.Timezone); err != nil {
		return nil, err
	} else if ok {
		loc, err := time.LoadLocation(tz)
		if err != nil {
			return nil, schemaError("timezone", &s.Timezone, "%v", err)
		}
		p.Zone = loc
	}
	if df, ok, err := str("date_format", &s.DateFormat); err != nil {
		return nil, err
	} else if ok {
		if err := p.SetDateFormat(df); err != nil {
			return nil, schemaError("date_format", &s.DateFormat, "%v", err)
		}
	}

	// Fields: drop, then rename, then add, so that a rename may take a
	// dropped field's key and an added field may replace a renamed one.
	switch s.Drop.Kind {
	case 0:
	case yaml.SequenceNode:
		for _, n := range s.Drop.Content {
			if n.Kind != yaml.ScalarNode {
				return nil, schemaError("drop", n, "want a field name")
			}
			if err := p.DropField(n.Value); err != nil {
				return nil, schemaError("drop", n, "%v", err)
			}
		}
	default:
		return nil, schemaError("drop", &s.Drop, "want a list of field names")
	}
	if err := eachPair("rename", &s.Rename, func(k, v *yaml.Node) error {
		if v.Kind != yaml.ScalarNode {
			return schemaError("rename", v, "want the new key of %q", k.Value)
		}
		if err := p.RenameField(k.Value, v.Value); err != nil {
			return schemaError("rename", k, "%v", err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachPair("set", &s.Set, func(k, v *yaml.Node) error {
		if err := p.SetConstField(k.Value, v); err != nil {
			return schemaError("set", k, "%v", err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	if err := eachPair("computed", &s.Computed, func(k, v *yaml.Node) error {
		if v.Kind != yaml.ScalarNode {
			return schemaError("computed", v, "want the name of a value for %q", k.Value)
		}
		if err := p.SetComputedField(k.Value, v.Value); err != nil {
			return schemaError("computed", v, "%v", err)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	return p, nil
}

// eachPair calls fn for each key and value of a mapping, in file order.
func eachPair(key string, n *yaml.Node, fn func(k, v *yaml.Node) error) error {
	switch n.Kind {
	case 0:
		return nil
	case yaml.MappingNode:
	default:
		return schemaError(key, n, "want a mapping")
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Kind != yaml.ScalarNode {
			return schemaError(key, n.Content[i], "want a field name")
		}
		if err := fn(n.Content[i], n.Content[i+1]); err != nil {
			return err
		}
	}
	return nil
}
