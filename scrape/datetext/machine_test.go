package datetext

import (
	"strings"
	"testing"
	"time"
)

func TestParseMachine(t *testing.T) {
	const noZone = -1 << 30 // want.off for HasZone=false
	tests := []struct {
		in      string
		want    string // wall clock, "2006-01-02 15:04:05.999999999"
		off     int    // seconds east of UTC, or noZone
		hasTime bool
	}{
		// RFC 3339 as WordPress prints it (get_the_date('c'), JSON-LD, OpenGraph).
		{"2022-03-11T15:42:00+02:00", "2022-03-11 15:42:00", 2 * 3600, true},
		{"2022-03-11T13:42:00+00:00", "2022-03-11 13:42:00", 0, true},
		{"2022-03-11T13:42:00Z", "2022-03-11 13:42:00", 0, true},
		{"2022-03-11t13:42:00z", "2022-03-11 13:42:00", 0, true},
		{"2022-03-11T08:42:00-05:00", "2022-03-11 08:42:00", -5 * 3600, true},
		{"2022-03-11T15:42:00+05:30", "2022-03-11 15:42:00", 5*3600 + 30*60, true},
		{"2022-03-11T15:42:00-03:30", "2022-03-11 15:42:00", -(3*3600 + 30*60), true},
		{"2022-03-11T15:42:00+0200", "2022-03-11 15:42:00", 2 * 3600, true},
		{"2022-03-11T15:42:00+02", "2022-03-11 15:42:00", 2 * 3600, true},
		{"2022-03-11T15:42+02:00", "2022-03-11 15:42:00", 2 * 3600, true},
		{"2022-03-11T15:42Z", "2022-03-11 15:42:00", 0, true},
		{"2022-03-11T15:42", "2022-03-11 15:42:00", noZone, true},
		{"2022-03-11T15:42:07", "2022-03-11 15:42:07", noZone, true},
		{"2022-03-11T15:42:07.123Z", "2022-03-11 15:42:07.123", 0, true},
		{"2022-03-11T15:42:07.123456+02:00", "2022-03-11 15:42:07.123456", 2 * 3600, true},
		{"2022-03-11T15:42:07.123456789123-07:00", "2022-03-11 15:42:07.123456789", -7 * 3600, true},
		{"2022-03-11T15:42:07,5Z", "2022-03-11 15:42:07.5", 0, true},
		// WXR wp:post_date and MySQL style.
		{"2022-03-11 15:42:00", "2022-03-11 15:42:00", noZone, true},
		{"2022-03-11 15:42", "2022-03-11 15:42:00", noZone, true},
		{"2022-03-11 15:42:00 +0000", "2022-03-11 15:42:00", 0, true},
		{"2022-03-11 15:42:00+02:00", "2022-03-11 15:42:00", 2 * 3600, true},
		// Date only.
		{"2022-03-11", "2022-03-11 00:00:00", noZone, false},
		{"2024-02-29", "2024-02-29 00:00:00", noZone, false},
		{"  2022-03-11\n", "2022-03-11 00:00:00", noZone, false},
		// RFC 1123 / RFC 822 (RSS pubDate, WXR channel).
		{"Fri, 11 Mar 2022 13:42:00 +0000", "2022-03-11 13:42:00", 0, true},
		{"Fri, 11 Mar 2022 15:42:00 +0200", "2022-03-11 15:42:00", 2 * 3600, true},
		{"Fri, 11 Mar 2022 13:42:00 GMT", "2022-03-11 13:42:00", 0, true},
		{"Fri, 11 Mar 2022 13:42:00 UT", "2022-03-11 13:42:00", 0, true},
		{"Fri, 11 Mar 2022 08:42:00 EST", "2022-03-11 08:42:00", -5 * 3600, true},
		{"Fri, 11 Mar 2022 05:42:00 PDT", "2022-03-11 05:42:00", -7 * 3600, true},
		{"Fri, 4 Mar 2022 13:42:00 +0000", "2022-03-04 13:42:00", 0, true},
		{"fri, 11 mar 2022 13:42:00 +0000", "2022-03-11 13:42:00", 0, true},
		{"Friday, 11 March 2022 13:42:00 +0000", "2022-03-11 13:42:00", 0, true},
		{"11 Mar 2022 13:42 +0000", "2022-03-11 13:42:00", 0, true},
		{"11 Mar 22 13:42 GMT", "2022-03-11 13:42:00", 0, true},
		{"11 Mar 99 13:42 GMT", "1999-03-11 13:42:00", 0, true},
		{"Fri, 11 Mar 2022 13:42:00", "2022-03-11 13:42:00", noZone, true},
	}
	for _, tt := range tests {
		p, ok := ParseMachine(tt.in)
		if !ok {
			t.Errorf("ParseMachine(%q): not ok", tt.in)
			continue
		}
		if got := p.Time.Format("2006-01-02 15:04:05.999999999"); got != tt.want {
			t.Errorf("ParseMachine(%q) = %s, want %s", tt.in, got, tt.want)
		}
		if p.HasTime != tt.hasTime {
			t.Errorf("ParseMachine(%q).HasTime = %v, want %v", tt.in, p.HasTime, tt.hasTime)
		}
		_, off := p.Time.Zone()
		if tt.off == noZone {
			if p.HasZone || p.Time.Location() != time.UTC {
				t.Errorf("ParseMachine(%q): HasZone=%v loc=%v, want no zone in UTC", tt.in, p.HasZone, p.Time.Location())
			}
		} else if !p.HasZone || off != tt.off {
			t.Errorf("ParseMachine(%q): HasZone=%v offset=%d, want offset %d", tt.in, p.HasZone, off, tt.off)
		}
	}
}

func TestParseMachineKeepsOffset(t *testing.T) {
	p, ok := ParseMachine("2022-03-11T15:42:00+02:00")
	if !ok {
		t.Fatal("not ok")
	}
	if _, off := p.Time.Zone(); off != 7200 {
		t.Errorf("offset = %d, want 7200", off)
	}
	want := time.Date(2022, 3, 11, 13, 42, 0, 0, time.UTC)
	if !p.Time.Equal(want) {
		t.Errorf("instant = %v, want %v", p.Time.UTC(), want)
	}
	if got := p.Time.Format(time.RFC3339); got != "2022-03-11T15:42:00+02:00" {
		t.Errorf("RFC3339 = %s", got)
	}
}

func TestParseMachineRejects(t *testing.T) {
	for _, in := range []string{
		"",
		"   ",
		"0000-00-00 00:00:00",
		"0000-00-00T00:00:00+00:00",
		"0000-00-00",
		"0000-03-11",
		"0001-01-01T00:00:00Z", // Go's zero time
		"2022-02-30",
		"2023-02-29",
		"2022-13-01",
		"2022-00-10",
		"2022-03-00",
		"2022-03-32",
		"2022-3-11",
		"22-03-11",
		"2022/03/11",
		"2022-03-11T",
		"2022-03-11T25:00:00Z",
		"2022-03-11T24:00:00Z",
		"2022-03-11T15:60:00Z",
		"2022-03-11T15:42:61Z",
		"2022-03-11T15:4",
		"2022-03-11T15:42:00+25:00",
		"2022-03-11T15:42:00+02:",
		"2022-03-11T15:42:00+2",
		"2022-03-11T15:42:00 Z",
		"2022-03-11T15:42:00Zjunk",
		"2022-03-11T15:42:00.Z",
		"2022-03-11 junk",
		"2022-03-11x",
		"20220311",
		"20220311T154200Z",
		"March 11, 2022",
		"11 March 2022",
		"11.03.2022",
		"Fri, 11 Mar 2022",
		"Fri, 30 Feb 2022 13:42:00 +0000",
		"Fri, 11 Foo 2022 13:42:00 +0000",
		"Fry, 11 Mar 2022 13:42:00 +0000",
		"Fri, 11 Mar 2022 13:42:00 XYZ",
		"Fri, 11 Mar 2022 13:42:00 +0000 junk",
		"Fri, 11 Mar 2022 25:42:00 +0000",
		"Fri, 11 Mar 0000 13:42:00 +0000",
		"Fri, 11 Mar 2022 13:42:00+0000",
		"1647006120", // Unix time
		"yesterday",
		"v2.10.2022",
	} {
		if p, ok := ParseMachine(in); ok {
			t.Errorf("ParseMachine(%q) = %v, want not ok", in, p.Time)
		}
	}
}

func FuzzParseMachine(f *testing.F) {
	for _, s := range []string{
		"2022-03-11T15:42:00+02:00", "2022-03-11T15:42:07.123456789Z",
		"2022-03-11 15:42:00", "2022-03-11", "0000-00-00 00:00:00",
		"Fri, 11 Mar 2022 13:42:00 +0000", "11 Mar 22 13:42 EST",
		"2022-03-11T15:42:00+0200", "2022-03-11T15:42", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := ParseMachine(s)
		if !ok {
			if p != (Parsed{}) {
				t.Fatalf("ParseMachine(%q) not ok but returned %+v", s, p)
			}
			return
		}
		if strings.HasPrefix(strings.TrimSpace(s), "0000") {
			t.Fatalf("ParseMachine(%q) ok for a 0000 date: %v", s, p.Time)
		}
		if y := p.Time.Year(); y < 1000 || y > 9999 {
			t.Fatalf("ParseMachine(%q) year %d", s, y)
		}
		if !p.HasZone && p.Time.Location() != time.UTC {
			t.Fatalf("ParseMachine(%q): no zone but location %v", s, p.Time.Location())
		}
		if !p.HasTime && (p.HasZone || p.Time.Hour() != 0 || p.Time.Minute() != 0 || p.Time.Second() != 0) {
			t.Fatalf("ParseMachine(%q): no time but %v (HasZone=%v)", s, p.Time, p.HasZone)
		}
		// What we parse, we parse back the same from its RFC 3339 form.
		var again string
		switch {
		case p.HasZone:
			again = p.Time.Format(time.RFC3339Nano)
		case p.HasTime:
			again = p.Time.Format("2006-01-02T15:04:05.999999999")
		default:
			again = p.Time.Format("2006-01-02")
		}
		q, ok := ParseMachine(again)
		if !ok || !q.Time.Equal(p.Time) || q.HasTime != p.HasTime || q.HasZone != p.HasZone {
			t.Fatalf("ParseMachine(%q) = %+v; its form %q parses to %+v, %v", s, p, again, q, ok)
		}
		_, o1 := p.Time.Zone()
		_, o2 := q.Time.Zone()
		if o1 != o2 {
			t.Fatalf("offset lost: %q -> %d, %q -> %d", s, o1, again, o2)
		}
	})
}
