package output_test

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/unpress/unpress/output"
	"github.com/unpress/unpress/transform"
)

// A pipeline plans every path first, then renders and writes each post,
// recording what happened in the report.
func Example() {
	preset, err := output.LookupPreset("hugo")
	if err != nil {
		log.Fatal(err)
	}
	posts := []*transform.Post{{
		SourceURL: "https://legacy.example.org/2022/03/11/legion/",
		Kind:      "post",
		Title:     "Over 20,000 Volunteers Join International Legion",
		Slug:      "legion",
		Published: time.Date(2022, 3, 11, 15, 42, 0, 0, time.FixedZone("EET", 2*3600)),
		Image:     "https://legacy.example.org/wp-content/uploads/2022/03/legion-featured.jpg",
		Details:   &transform.Details{Tags: []string{"War in Ukraine"}},
	}}

	dir, err := os.MkdirTemp("", "unpress-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	w, err := output.NewWriter(dir, output.WriterOptions{})
	if err != nil {
		log.Fatal(err)
	}
	report := &output.Report{Preset: preset.Name}

	paths, collisions := output.Plan(posts, preset)
	report.AddCollisions(collisions)
	for _, post := range posts {
		entry := output.NewEntry(post)
		entry.Output = paths[post]
		data, err := preset.RenderAt(paths[post], post, "The body, as Markdown.")
		if err == nil {
			entry.Write, err = w.Write(paths[post], data)
		}
		if err != nil {
			entry.Status, entry.Reason = output.StatusFailed, err.Error()
		} else {
			entry.Status = output.StatusWritten
		}
		report.Add(entry)
		fmt.Printf("%s (%s)\n%s", paths[post], entry.Write, data)
	}
	if err := w.Close(); err != nil {
		log.Fatal(err)
	}
	report.Summary(os.Stdout)
	// Output:
	// content/posts/legion.md (created)
	// ---
	// title: Over 20,000 Volunteers Join International Legion
	// date: 2022-03-11T15:42:00+02:00
	// slug: legion
	// tags:
	//   - War in Ukraine
	// images:
	//   - /img/legacy.example.org-legion-featured.jpg
	// aliases:
	//   - /2022/03/11/legion/
	// ---
	//
	// The body, as Markdown.
	// read 1 page (post: 1)
	// wrote 1 post and 0 pages (created: 1)
}
