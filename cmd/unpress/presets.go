package main

import "github.com/unpress/unpress/output"

// buildPreset is the output layout for a run: a named preset, shaped by
// the config file.
func buildPreset(name string, cfg *Config) (*output.Preset, error) {
	return output.LookupPreset(name)
}
