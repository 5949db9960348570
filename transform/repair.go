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
// dates, descriptions borrowed from other posts. Hidden posts are
// neighbours, never written: they are not given descriptions.
func (s *Site) repairSite(ps *Posts, hidden []bool) {
	var list []int
	byURL := map[string]*Head{}
	titles := map[string]int{}
	for i := range ps.heads {
		h := &ps.heads[i]
		byURL[normURL(h.SourceURL)] = h
		// Drafts (statuses written on request) are in no public post order.
		if h.Kind == string(extract.KindPost) && !h.Draft {
			list = append(list, i)
		}
		if h.Title != "" {
			titles[fold(h.Title)] = i
		}
	}
	slices.SortStableFunc(list, func(a, b int) int {
		ha, hb := &ps.heads[a], &ps.heads[b]
		// Each post type has its own order, as get_previous_post() keeps
		// to the post's type.
		return cmp.Or(strings.Compare(ha.Type, hb.Type), cmpTime(ha.Published, hb.Published), strings.Compare(ha.SourceURL, hb.SourceURL))
	})
	inList := make([]bool, len(ps.heads))
	for _, i := range list {
		inList[i] = true
	}
	// Each post is read back, repaired and parked again: it changes only
	// its own details, and reads what does not change here of the others
	// (their Heads), so the workers share them.
	s.each(len(list), func(k int) {
		i := list[k]
		pp, err := ps.details(i)
		if err != nil {
			return
		}
		p := &Post{Head: ps.heads[i], Details: pp.Details}
		// The post order WordPress's own get_previous_post() follows:
		// by publication date. It fills navigation that the theme does not
		// print and checks the one it does.
		var prev, next *Head
		if k > 0 && ps.heads[list[k-1]].Type == ps.heads[i].Type {
			prev = &ps.heads[list[k-1]]
		}
		if k+1 < len(list) && ps.heads[list[k+1]].Type == ps.heads[i].Type {
			next = &ps.heads[list[k+1]]
		}
		s.neighbour(p, "previous", &p.Previous, prev, byURL, -1)
		s.neighbour(p, "next", &p.Next, next, byURL, +1)

		// A description that is another post's title was borrowed from
		// the wrong place (the seed's failure).
		if p.Description != "" {
			if other, ok := titles[fold(p.Description)]; ok && other != i {
				p.Conflicts = append(p.Conflicts, Conflict{Field: "description", Chosen: "", ChosenSource: "content", Other: p.Description, OtherSource: p.Sources["description"], Note: "the description is the title of " + ps.heads[other].SourceURL + "; derived from this post's own text instead"})
				p.Description = ""
			}
		}
		if !hidden[i] {
			s.describe(p, pp.Lead)
		}
		s.catNames.disambiguate(p)
		pp.Details = p.Details
		ps.repark(i, pp)
	})
	s.each(len(ps.heads), func(i int) {
		if inList[i] || hidden[i] {
			return
		}
		if pp, err := ps.details(i); err == nil {
			p := &Post{Head: ps.heads[i], Details: pp.Details}
			s.describe(p, pp.Lead)
			s.catNames.disambiguate(p)
			pp.Details = p.Details
			ps.repark(i, pp)
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
func (s *Site) describe(p *Post, lead string) {
	if p.Description == "" {
		// A short post's excerpt is the post itself, shown whole like a
		// written one: only an excerpt the post does not begin with is
		// the author's.
		if d := s.listedExcerpt[normURL(p.SourceURL)]; d != "" && !sameStart(d, lead) {
			p.Description = d
			p.Sources["description"] = string(extract.SrcListing)
			return
		}
		if d := Summarize(lead, 160); d != "" {
			p.Description = d
			p.Sources["description"] = "content"
		}
	}
}

func (s *Site) neighbour(p *Post, field string, link **Link, want *Head, byURL map[string]*Head, dir int) {
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
