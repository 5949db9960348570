package main

import "github.com/unpress/unpress/output"

// buildPreset is the output layout for a run: a named preset, shaped by
// the config file's schema section.
func buildPreset(name string, cfg *Config) (*output.Preset, error) {
	if cfg == nil {
		return output.BuildPreset(name, nil)
	}
	return output.BuildPreset(name, &cfg.Schema)
}
