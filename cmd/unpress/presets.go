package main

import (
	"fmt"
	"maps"
	"slices"

	"github.com/unpress/unpress/output"
)

// buildPreset is the output layout for a run: a named preset, shaped by
// the config file's schema section, its custom post types in the folders
// the config's post_types section names.
func buildPreset(name string, cfg *Config) (*output.Preset, error) {
	if cfg == nil {
		return output.BuildPreset(name, nil)
	}
	p, err := output.BuildPreset(name, &cfg.Schema)
	if err != nil {
		return nil, err
	}
	for _, typ := range slices.Sorted(maps.Keys(cfg.PostTypes)) {
		if f := cfg.PostTypes[typ].Folder; f != "" {
			if err := p.SetTypeFolder(typ, f); err != nil {
				return nil, fmt.Errorf("config: post_types: %w", err)
			}
		}
	}
	return p, nil
}
