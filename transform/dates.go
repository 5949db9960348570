package transform

import (
	"slices"
	"sort"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

// How the published date is chosen among a page's candidates, once those
// that contradict the permalink's day are set aside:
//
//  1. By rank (JSON-LD, meta, microdata, theme markup, visible text), a
//     candidate with a time of day preferred over a day-only one on the
//     same day.
//  2. Unless the page outvotes it: when the top candidate's day is stated
//     by one kind of source only, and another day is stated both in the
//     head and in what the page renders (an SEO plugin's date against the
//     theme's and another plugin's), the other day wins. What the page
//     shows is what its readers, and its archives, date the post by.
//  3. The same instant (or the same wall-clock time) stated in two offsets
//     is written in the page's own: the offset of the theme's <time>, or
//     the one whose wall clock the visible byline shows. A visible day is
//     never shifted to the UTC day of a plugin's value.

// kindOf groups sources into the kinds that vote: two values from the
// page's rendering (a <time> and its visible text) are one voice.
func kindOf(s extract.Source) string {
	switch s {
	case extract.SrcJSONLD:
		return "json-ld"
	case extract.SrcMeta:
		return "meta"
	case extract.SrcWXR, extract.SrcREST:
		return "record"
	}
	return "rendered"
}

// dayKey is the calendar day a candidate states, in its own offset (or
// wall clock).
func dayKey(d extract.Date) string { return d.Time.Format("2006-01-02") }

// choosePublished picks among candidates that agree with the permalink
// (in rank order); nil when there are none.
func choosePublished(list []extract.Candidate[extract.Date]) *extract.Candidate[extract.Date] {
	if len(list) == 0 {
		return nil
	}
	kinds := map[string]map[string]bool{}
	for _, c := range list {
		k := dayKey(c.Value)
		if kinds[k] == nil {
			kinds[k] = map[string]bool{}
		}
		kinds[k][kindOf(c.Source)] = true
	}
	day := dayKey(list[0].Value)
	// Records (WXR, REST) state the database's values: no page outvotes
	// them.
	if top := kinds[day]; len(top) == 1 && !top["record"] && !top["rendered"] {
		best := day
		for _, c := range list {
			k := dayKey(c.Value)
			if v := kinds[k]; len(v) > len(kinds[best]) && v["rendered"] && !v["record"] {
				best = k
			}
		}
		day = best
	}
	var chosen *extract.Candidate[extract.Date]
	for i := range list {
		c := &list[i]
		if dayKey(c.Value) != day {
			continue
		}
		if chosen == nil {
			chosen = c
			continue
		}
		// Prefer a candidate that states a time over a day-only one.
		if !chosen.Value.HasTime && c.Value.HasTime {
			chosen = c
		}
	}
	return localForm(chosen, list)
}

// localForm returns, for a chosen date with an offset, the candidate that
// states the same instant, or the same wall-clock time within a day, in
// the page's own offset, if one does; else chosen.
func localForm(chosen *extract.Candidate[extract.Date], list []extract.Candidate[extract.Date]) *extract.Candidate[extract.Date] {
	if chosen == nil || !chosen.Value.HasZone {
		return chosen
	}
	off, ok := pageOffset(list)
	var visibleDay string
	for _, c := range list {
		if !c.Value.HasZone && kindOf(c.Source) == "rendered" {
			visibleDay = dayKey(c.Value)
			break
		}
	}
	if _, own := chosen.Value.Time.Zone(); (!ok || own == off) && (visibleDay == "" || dayKey(chosen.Value) == visibleDay) {
		return chosen
	}
	for i := range list {
		c := &list[i]
		if c == chosen || !c.Value.HasZone || !sameEvent(c.Value.Time, chosen.Value.Time) {
			continue
		}
		_, o := c.Value.Time.Zone()
		if ok && o == off || !ok && dayKey(c.Value) == visibleDay {
			return c
		}
	}
	return chosen
}

// sameEvent reports two stated times that are one: the same instant in
// different offsets, or the same wall-clock time marked with different
// offsets (a plugin that writes local time as UTC).
func sameEvent(a, b time.Time) bool {
	if a.Equal(b) {
		return true
	}
	wa := time.Date(a.Year(), a.Month(), a.Day(), a.Hour(), a.Minute(), 0, 0, time.UTC)
	wb := time.Date(b.Year(), b.Month(), b.Day(), b.Hour(), b.Minute(), 0, 0, time.UTC)
	return wa.Equal(wb)
}

// pageOffset is the offset the page itself writes its dates in: the
// offset of a stated time whose wall clock the visible text shows (the
// reader's clock), else that of the theme's own <time>.
func pageOffset(list []extract.Candidate[extract.Date]) (int, bool) {
	for _, v := range list {
		if v.Value.HasZone || !v.Value.HasTime || kindOf(v.Source) != "rendered" {
			continue
		}
		w := v.Value.Time
		for _, c := range list {
			if !c.Value.HasZone {
				continue
			}
			t := c.Value.Time
			if t.Year() == w.Year() && t.YearDay() == w.YearDay() && t.Hour() == w.Hour() && t.Minute() == w.Minute() {
				_, off := t.Zone()
				return off, true
			}
		}
	}
	for _, c := range list {
		if c.Value.HasZone && kindOf(c.Source) == "rendered" {
			_, off := c.Value.Time.Zone()
			return off, true
		}
	}
	return 0, false
}

// onPermalinkDay reports whether a candidate agrees with the permalink's
// day: on that day as stated, or, for a time with an offset, on that day
// in the page's own offset (a plugin's UTC value for a post published
// just after local midnight).
func onPermalinkDay(d, permalink extract.Date, off int, known bool) bool {
	if sameDay(d.Time, permalink.Time) {
		return true
	}
	return d.HasZone && known && sameDay(d.Time.In(time.FixedZone("", off)), permalink.Time)
}

// zoneGuess holds the offsets the site's pages state, to read the dates
// that state none.
type zoneGuess struct {
	loc  *time.Location // configured
	seen []time.Time    // zoned instants, sorted
}

func (s *Site) zone() *zoneGuess {
	z := &zoneGuess{loc: s.opts.Timezone, seen: slices.Clone(s.zoned)}
	sort.Slice(z.seen, func(i, j int) bool { return z.seen[i].Before(z.seen[j]) })
	return z
}

// noteZones keeps the dates a page states with an offset, for zone.
func (s *Site) noteZones(ex *extract.Extracted) {
	for _, list := range [][]extract.Candidate[extract.Date]{ex.Published, ex.Updated} {
		for _, c := range list {
			if c.Value.HasZone {
				s.zoned = append(s.zoned, c.Value.Time)
			}
		}
	}
}

// place gives a zone-less wall-clock time the site's offset: the
// configured zone, else the offset stated nearest in time (which follows
// daylight saving as the site's pages do), else UTC.
func (z *zoneGuess) place(d extract.Date) time.Time {
	t := d.Time
	if !d.HasTime {
		// A day without a time of day is placed at noon, local time: the
		// day then stays the same in UTC for every offset from -11 to +11
		// hours, where midnight would move it to the day before for every
		// site east of Greenwich once a target writes UTC.
		t = time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, t.Location())
	}
	if d.HasZone {
		if z.loc != nil {
			return t.In(z.loc)
		}
		return t
	}
	if z.loc != nil {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), z.loc)
	}
	if len(z.seen) == 0 {
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
	}
	i := sort.Search(len(z.seen), func(i int) bool { return !z.seen[i].Before(t) })
	near := z.seen[min(i, len(z.seen)-1)]
	if i > 0 && i < len(z.seen) && t.Sub(z.seen[i-1]) < z.seen[i].Sub(t) {
		near = z.seen[i-1]
	}
	_, off := near.Zone()
	loc := time.FixedZone("", off)
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

func sameDay(a, b time.Time) bool {
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// dates chooses the published and updated dates. The permalink's day is
// the check against placeholder dates: a candidate from a more trusted
// source that falls on another day loses to one that agrees with it.
func (s *Site) dates(p *Post, ex *extract.Extracted, z *zoneGuess, key string) {
	published := ex.Published
	if d, ok := s.listedDate[key]; ok {
		// An archive's date for the post ranks below the page's own, but
		// gives the time of day when the page shows only the day.
		published = append(slices.Clone(published), extract.Candidate[extract.Date]{Value: d, Source: extract.SrcListing})
	}
	var day *extract.Date
	for _, c := range published {
		if c.Source == extract.SrcPermalink {
			d := c.Value
			day = &d
		}
	}
	off, known := pageOffset(published)
	var agreeing []extract.Candidate[extract.Date]
	for _, c := range published {
		if c.Source == extract.SrcPermalink {
			continue
		}
		if day != nil && !onPermalinkDay(c.Value, *day, off, known) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: "published", Chosen: day.Time.Format("2006-01-02"), ChosenSource: string(extract.SrcPermalink), Other: z.place(c.Value).Format(time.RFC3339), OtherSource: string(c.Source), Note: "date contradicts the permalink's day (placeholder or another post's date)"})
			continue
		}
		if day != nil && c.Value.HasZone && !sameDay(c.Value.Time, day.Time) {
			// The instant is on the permalink's day in the page's own
			// offset: written in that offset, it keeps its day.
			c.Value.Time = c.Value.Time.In(time.FixedZone("", off))
		}
		agreeing = append(agreeing, c)
	}
	chosen := choosePublished(agreeing)
	switch {
	case chosen != nil:
		p.Published = z.place(chosen.Value)
		p.from("published", chosen.Source, chosen.Rule)
	case day != nil:
		p.Published = z.place(*day)
		p.Sources["published"] = string(extract.SrcPermalink)
		p.Warnings = append(p.Warnings, "only the permalink gives the date: the time of day is unknown")
	default:
		p.Warnings = append(p.Warnings, "no publication date found")
	}
	if chosen != nil {
		dateConflicts(p, "published", p.Published, chosen.Source, published, z)
	}
	for _, c := range ex.Updated {
		t := z.place(c.Value)
		if !p.Published.IsZero() && t.Before(p.Published) {
			p.Conflicts = append(p.Conflicts, Conflict{Field: "updated", Chosen: p.Published.Format(time.RFC3339), ChosenSource: p.Sources["published"], Other: t.Format(time.RFC3339), OtherSource: string(c.Source), Note: "updated date is before the published date; ignored"})
			continue
		}
		if !t.Equal(p.Published) {
			p.Updated = t
			p.from("updated", c.Source, c.Rule)
		}
		// A record's modified date equal to the published date means
		// "never updated"; a page that shows another date disagrees.
		dateConflicts(p, "updated", t, c.Source, ex.Updated, z)
		break
	}
}
