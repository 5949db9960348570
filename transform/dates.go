package transform

import (
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
