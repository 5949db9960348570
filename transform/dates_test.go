package transform

import (
	"testing"
	"time"

	"github.com/unpress/unpress/scrape/extract"
)

func TestChoosePublished(t *testing.T) {
	type c = extract.Candidate[extract.Date]
	tests := []struct {
		name     string
		url      string
		cands    []c
		opts     Options
		want     string
		wantFrom extract.Source
	}{
		{
			name: "same instant in two offsets: the one whose wall clock the byline shows",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2022-05-05T21:00:00-05:00"), Source: extract.SrcJSONLD},
				{Value: at("2022-05-06T02:00:00Z"), Source: extract.SrcMeta},
				{Value: wall("2022-05-06T02:00:00"), Source: extract.SrcVisibleText},
			},
			want: "2022-05-06T02:00:00Z", wantFrom: extract.SrcMeta,
		},
		{
			name: "same instant in two offsets: the theme's <time> offset",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2020-08-10T22:29:20Z"), Source: extract.SrcJSONLD},
				{Value: at("2020-08-11T00:29:20+02:00"), Source: extract.SrcClassic},
			},
			want: "2020-08-11T00:29:20+02:00", wantFrom: extract.SrcClassic,
		},
		{
			name: "local time mislabelled UTC: the theme's offset",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2020-08-11T09:29:20Z"), Source: extract.SrcJSONLD},
				{Value: at("2020-08-11T09:29:20+02:00"), Source: extract.SrcMicroformat},
			},
			want: "2020-08-11T09:29:20+02:00", wantFrom: extract.SrcMicroformat,
		},
		{
			name: "a visible day is not shifted to a plugin's UTC day",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2021-03-10T23:30:00Z"), Source: extract.SrcJSONLD},
				{Value: at("2021-03-11T00:30:00+01:00"), Source: extract.SrcMeta},
				{Value: day("2021-03-11"), Source: extract.SrcVisibleText},
			},
			want: "2021-03-11T00:30:00+01:00", wantFrom: extract.SrcMeta,
		},
		{
			name: "a lone JSON-LD day is outvoted by meta and the rendered page",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2023-11-03T10:25:56Z"), Source: extract.SrcJSONLD},
				{Value: at("2023-11-06T14:25:00Z"), Source: extract.SrcMeta},
				{Value: at("2023-11-06T15:25:00+01:00"), Source: extract.SrcClassic},
				{Value: wall("2023-11-06T15:25:00"), Source: extract.SrcVisibleText},
			},
			want: "2023-11-06T15:25:00+01:00", wantFrom: extract.SrcClassic,
		},
		{
			name: "head sources that agree are not outvoted by the rendered page alone",
			url:  "https://example.org/x/",
			cands: []c{
				{Value: at("2021-11-29T14:13:37Z"), Source: extract.SrcJSONLD},
				{Value: at("2021-11-29T14:13:37Z"), Source: extract.SrcMeta},
				{Value: day("2022-01-12"), Source: extract.SrcVisibleText},
			},
			want: "2021-11-29T14:13:37Z", wantFrom: extract.SrcJSONLD,
		},
		{
			name: "a UTC value on the day before the permalink's is the post's, in the page's offset",
			url:  "https://example.org/2022/03/11/x/",
			cands: []c{
				{Value: at("2022-03-10T22:30:00Z"), Source: extract.SrcJSONLD},
				{Value: at("2022-03-11T00:30:00+02:00"), Source: extract.SrcClassic},
				{Value: day("2022-03-11"), Source: extract.SrcPermalink},
			},
			want: "2022-03-11T00:30:00+02:00", wantFrom: extract.SrcJSONLD,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ex := post(tt.url, "X", tt.cands...)
			p := resolveOne(t, tt.opts, ex)[tt.url]
			if got := p.Published.Format(time.RFC3339); got != tt.want {
				t.Errorf("published = %s, want %s", got, tt.want)
			}
			if got := p.Sources["published"]; got != string(tt.wantFrom) {
				t.Errorf("source = %s, want %s", got, tt.wantFrom)
			}
		})
	}
}

// A day-only date is placed at noon in the zone that holds on that day:
// the configured zone's daylight saving, not one fixed offset.
func TestDayOnlyNoonAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no time zone database:", err)
	}
	for in, want := range map[string]string{
		"2022-01-15": "2022-01-15T12:00:00+01:00",
		"2022-07-15": "2022-07-15T12:00:00+02:00",
		"2022-03-27": "2022-03-27T12:00:00+02:00", // the day the clocks go forward
	} {
		url := "https://example.org/" + in + "/"
		p := resolveOne(t, Options{Timezone: berlin}, post(url, "X", extract.Candidate[extract.Date]{Value: day(in), Source: extract.SrcVisibleText}))[url]
		if got := p.Published.Format(time.RFC3339); got != want {
			t.Errorf("%s: published = %s, want %s", in, got, want)
		}
	}
	// Without a configured zone, the offsets the site states nearest in
	// time follow its daylight saving too.
	winter := post("https://example.org/w/", "W", cand(at("2022-01-10T10:00:00+01:00"), extract.SrcClassic)...)
	summer := post("https://example.org/s/", "S", cand(at("2022-07-10T10:00:00+02:00"), extract.SrcClassic)...)
	bare := post("https://example.org/b/", "B", cand(day("2022-07-20"), extract.SrcVisibleText)...)
	got := resolveOne(t, Options{}, winter, summer, bare)["https://example.org/b/"]
	if s := got.Published.Format(time.RFC3339); s != "2022-07-20T12:00:00+02:00" {
		t.Errorf("published = %s, want noon at the summer offset", s)
	}
}
