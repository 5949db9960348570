package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/transform"
)

func writeConfig(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "unpress.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBuildPresetSchema shapes the hugo preset with every schema key and
// checks a rendered post.
func TestBuildPresetSchema(t *testing.T) {
	cfg, err := loadConfig(writeConfig(t, `preset: hugo
schema:
  rename:
    lastmod: updated
    images: cover
  drop: [slug, aliases]
  set:
    templateKey: blog-post
    draft: false
    weight: 10
    params: {sidebar: false}
  computed:
    summary: description
    legacy: legacy_url
  date_format: "2006-01-02 15:04"
  timezone: UTC
  post_path: "{year}/{month}/{slug}.md"
  post_url: "/blog/{year}/{slug}/"
  content_dir: site/content
  media_dir: site/static/uploads
  media_url: /uploads/
`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := buildPreset(cfg.Preset, cfg)
	if err != nil {
		t.Fatal(err)
	}
	post := &transform.Post{
		Head: transform.Head{
			SourceURL: "https://x.org/2022/03/11/legion/",
			Kind:      "post",
			Slug:      "legion",
			Title:     "Legion",
			Draft:     true,
			Published: time.Date(2022, 3, 11, 1, 30, 0, 0, time.FixedZone("", 2*3600)),
			Updated:   time.Date(2022, 4, 1, 12, 0, 0, 0, time.UTC),
			Image:     "https://x.org/wp-content/uploads/2022/03/a.jpg",
		},
		Details: transform.Details{
			Description: "About the legion",
		},
	}
	// A migration names the featured image's copy in the media folder.
	targets, _ := output.PlanMedia([]string{post.Image}, p)
	post.Image = targets[post.Image].Ref
	rel := p.PostPath(&post.Head)
	if rel != "site/content/2022/03/legion.md" {
		t.Errorf("path %s", rel)
	}
	if u := p.URLFor(rel); u != "/blog/2022/legion/" {
		t.Errorf("URL %s", u)
	}
	doc, err := p.RenderAt(rel, post, "Body.")
	if err != nil {
		t.Fatal(err)
	}
	want := `---
title: Legion
date: 2022-03-10 23:30
updated: 2022-04-01 12:00
description: About the legion
cover:
  - /uploads/x.org-a.jpg
draft: false
templateKey: blog-post
weight: 10
params: {sidebar: false}
summary: About the legion
legacy: https://x.org/2022/03/11/legion/
---

Body.
`
	if string(doc) != want {
		t.Errorf("got\n%s\nwant\n%s", doc, want)
	}
}

// TestBuildPresetSchemaErrors: every mistake names the key and its line.
func TestBuildPresetSchemaErrors(t *testing.T) {
	for _, tc := range []struct{ name, config, want string }{
		{"unknown key", "schema:\n  renmae: {title: name}\n", `line 2: unknown key "renmae"`},
		{"unknown field", "preset: hugo\nschema:\n  rename:\n    lastmodd: updated\n", `schema.rename: line 4: preset hugo has no field "lastmodd"`},
		{"taken key", "preset: hugo\nschema:\n  rename:\n    lastmod: date\n", `schema.rename: line 4: preset hugo already has a field "date"`},
		{"drop unknown", "schema:\n  drop:\n    - title\n    - tilte\n", `schema.drop: line 4: preset decap has no field "tilte"`},
		{"drop not a list", "schema:\n  drop: title\n", "schema.drop: line 2: want a list"},
		{"computed source", "schema:\n  computed:\n    summary: excerpt\n", `schema.computed: line 3: unknown value "excerpt" for field "summary"`},
		{"date format", "schema:\n  date_format: dd.mm.yyyy\n", `schema.date_format: line 2: date format "dd.mm.yyyy"`},
		{"timezone", "schema:\n  timezone: Mars/Olympus\n", "schema.timezone: line 2: unknown time zone Mars/Olympus"},
		{"post path", "schema:\n  post_path: \"{year}.md\"\n", `schema.post_path: line 2: "{year}.md" must hold {slug} once`},
		{"post url", "schema:\n  post_url: \"/{year}/{slug}/\"\n", "schema.post_url: line 2: URL pattern \"/{year}/{slug}/\" uses {year}"},
		{"placeholder", "schema:\n  post_path: \"{slug}-{lang}.md\"\n", "schema.post_path: line 2: unknown placeholder {lang}"},
		{"bundles", "preset: jekyll\nschema:\n  page_bundles: true\n", "schema.page_bundles: line 3: page bundles are Hugo's"},
		{"folder", "schema:\n  media_dir: ../elsewhere\n", `schema.media_dir: line 2: "../elsewhere" is not a folder inside --out`},
		{"media url", "schema:\n  media_url: img\n", `schema.media_url: line 2: "img" must start with /`},
		{"set key", "schema:\n  set:\n    \"a: b\": 1\n", `schema.set: line 3: "a: b" is not a usable front-matter key`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := loadConfig(writeConfig(t, tc.config))
			if err == nil {
				_, err = buildPreset(firstNonEmpty(cfg.Preset, "decap"), cfg)
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want %q in it", err, tc.want)
			}
		})
	}
}

// TestMigrateSchema runs a whole migration with a custom layout: files at
// the pattern's paths, links and redirects to the pattern's URLs.
func TestMigrateSchema(t *testing.T) {
	out := t.TempDir()
	conf := writeConfig(t, `schema:
  post_path: "{year}/{slug}.md"
  set: {layout: post}
  computed: {summary: description}
`)
	code, _, stderr := genRun(t, "migrate", "--from", genFixture, "--out", out, "--config", conf, "--quiet")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	doc, err := os.ReadFile(filepath.Join(out, "src/pages/2022/how-we-back-up-the-archive.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "\nlayout: post\nsummary: 'Every night the archive server") {
		t.Errorf("front matter:\n%s", doc)
	}
	redirects, err := os.ReadFile(filepath.Join(out, "static/_redirects"))
	if err != nil || !strings.Contains(string(redirects), "/2022/04/08/how-we-back-up-the-archive/ /2022/how-we-back-up-the-archive/ 301\n") {
		t.Errorf("_redirects (%v):\n%s", err, redirects)
	}
	// A link between posts goes to the new URL.
	other, err := os.ReadFile(filepath.Join(out, "src/pages/2022/ukraine-displaced-population-to-hit-6-7-million-world-pledges-financial-support.md"))
	if err != nil || !strings.Contains(string(other), "](/2022/over-20000-volunteers-join-international-legion-to-fight-against-russia/)") {
		t.Errorf("link not rewritten (%v)", err)
	}
}
