package main

import (
	"github.com/unpress/unpress/scrape"
	"github.com/unpress/unpress/scrape/crawl"
	"github.com/unpress/unpress/scrape/mirror"
)

// The sources that take part in a re-sync (output/resync.go).
var (
	_ scrape.Rechecker  = (*crawl.Site)(nil)
	_ scrape.GoneTeller = (*crawl.Site)(nil)
	_ scrape.GoneTeller = (*mirror.Dir)(nil)
)
