package transform

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

func cmpTime(a, b time.Time) int { return a.Compare(b) }

// repairSite runs the checks that need every post: neighbours, placeholder
// dates, descriptions borrowed from other posts.
func (s *Site) repairSite(posts, hidden []*Post) {
	var list []*Post
	byURL := map[string]*Post{}
	titles := map[string]*Post{}
	written := map[*Post]bool{}
	for _, p := range posts {
		written[p] = true
	}
	for _, p := range slices.Concat(posts, hidden) {
		byURL[normURL(p.SourceURL)] = p
		// Drafts (statuses written on request) are in no public post order.
		if p.Kind == string(extract.KindPost) && !p.Draft {
			list = append(list, p)
		}
		if p.Title != "" {
			titles[fold(p.Title)] = p
		}
	}
	slices.SortStableFunc(list, func(a, b *Post) int {
		return cmp.Or(cmpTime(a.Published, b.Published), strings.Compare(a.SourceURL, b.SourceURL))
	})
	// Each post is read back, repaired and parked again: what the repairs
	// read of the other posts (titles, dates, URLs) stays in memory.
	inList := map[*Post]bool{}
	for _, p := range list {
		inList[p] = true
	}
	// Each post changes only itself and reads what does not change here
	// of the others (titles, dates, URLs): the workers share the list.
	s.each(len(list), func(i int) {
		p := list[i]
		if err := p.Load(); err != nil {
			return
		}
		// The post order WordPress's own get_previous_post() follows:
		// by publication date. It fills navigation that the theme does not
		// print and checks the one it does.
		var prev, next *Post
		if i > 0 {
			prev = list[i-1]
		}
		if i+1 < len(list) {
			next = list[i+1]
		}
		s.neighbour(p, "previous", &p.Previous, prev, byURL, -1)
		s.neighbour(p, "next", &p.Next, next, byURL, +1)

		// A description that is another post's title was borrowed from
		// the wrong place (the seed's failure).
		if p.Description != "" {
			if other, ok := titles[fold(p.Description)]; ok && other != p {
				p.Conflicts = append(p.Conflicts, Conflict{Field: "description", Chosen: "", ChosenSource: "content", Other: p.Description, OtherSource: p.Sources["description"], Note: "the description is the title of " + other.SourceURL + "; derived from this post's own text instead"})
				p.Description = ""
			}
		}
		if written[p] {
			s.describe(p)
		}
		p.park()
	})
	s.each(len(posts), func(i int) {
		if p := posts[i]; !inList[p] && p.Load() == nil {
			s.describe(p)
			p.park()
		}
	})
}

// sameStart reports whether one text begins with the other, ignoring
// white space and case.
func sameStart(a, b string) bool {
	a, b = fold(strings.Join(strings.Fields(a), " ")), fold(strings.Join(strings.Fields(b), " "))
	a, b = strings.TrimRight(a, ".…"), strings.TrimRight(b, ".…")
	return a != "" && b != "" && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a))
}

// describe gives a post without a description the manual excerpt an
// archive shows for it, else its own first sentences.
func (s *Site) describe(p *Post) {
	if p.Description == "" {
		// A short post's excerpt is the post itself, shown whole like a
		// written one: only an excerpt the post does not begin with is
		// the author's.
		if d := s.listedExcerpt[normURL(p.SourceURL)]; d != "" && !sameStart(d, p.lead) {
			p.Description = d
			p.Sources["description"] = string(extract.SrcListing)
			return
		}
		if d := Summarize(p.lead, 160); d != "" {
			p.Description = d
			p.Sources["description"] = "content"
		}
	}
}

func (s *Site) neighbour(p *Post, field string, link **Link, want *Post, byURL map[string]*Post, dir int) {
	if *link == nil {
		if want != nil {
			*link = &Link{Title: want.Title, URL: want.SourceURL}
			p.Sources[field] = string(extract.SrcSite)
		}
		return
	}
	got := byURL[normURL((*link).URL)]
	if got == nil {
		return
	}
	// The target's own page is the better witness of its title: themes
	// print stand-ins ("Next Post") for untitled neighbours.
	if (*link).Title != got.Title {
		if (*link).Title != "" && fold((*link).Title) != fold(got.Title) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: field, Chosen: got.Title, ChosenSource: "title of " + got.SourceURL, Other: (*link).Title, OtherSource: p.Sources[field]})
		}
		(*link).Title = got.Title
	}
	if !p.Published.IsZero() && !got.Published.IsZero() && got.Published.Compare(p.Published)*dir < 0 {
		p.Conflicts = append(p.Conflicts, Conflict{
			Field: "published", Chosen: p.Published.Format(time.RFC3339), ChosenSource: p.Sources["published"],
			Other: got.Published.Format(time.RFC3339), OtherSource: field + " post " + got.SourceURL,
			Note: fmt.Sprintf("the %s post's date contradicts the post navigation order", field),
		})
	}
}
