package datetext

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

type textCase struct {
	in    string
	match string // the matched text, s[start:end]
	want  string // "2006-01-02" or "2006-01-02 15:04:05"
	zone  bool   // want HasZone
}

func checkText(t *testing.T, opts TextOptions, tests []textCase) {
	t.Helper()
	for _, tt := range tests {
		p, start, end, ok := FindText(tt.in, opts)
		if !ok {
			t.Errorf("FindText(%q): no date, want %q", tt.in, tt.match)
			continue
		}
		if got := tt.in[start:end]; got != tt.match {
			t.Errorf("FindText(%q) matched %q, want %q", tt.in, got, tt.match)
		}
		layout := "2006-01-02"
		if p.HasTime {
			layout = "2006-01-02 15:04:05"
		}
		if got := p.Time.Format(layout); got != tt.want {
			t.Errorf("FindText(%q) = %s (HasTime=%v), want %s", tt.in, got, p.HasTime, tt.want)
		}
		if p.HasZone != tt.zone {
			t.Errorf("FindText(%q).HasZone = %v, want %v", tt.in, p.HasZone, tt.zone)
		}
		if !p.HasZone && p.Time.Location() != time.UTC {
			t.Errorf("FindText(%q): no zone but location %v", tt.in, p.Time.Location())
		}
	}
}

func TestFindTextEnglish(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Updated on April 7, 2022", "April 7, 2022", "2022-04-07", false},
		{"Posted on March 11, 2022 by admin", "March 11, 2022", "2022-03-11", false},
		{"Posted on 11 March 2022 at 3:42 pm", "11 March 2022 at 3:42 pm", "2022-03-11 15:42:00", false},
		{"Posted on 11 March 2022 at 12:05 am", "11 March 2022 at 12:05 am", "2022-03-11 00:05:00", false},
		{"Posted on 11 March 2022 at 12:05 PM", "11 March 2022 at 12:05 PM", "2022-03-11 12:05:00", false},
		{"March 11th, 2022", "March 11th, 2022", "2022-03-11", false},
		{"on March 1st 2022.", "March 1st 2022", "2022-03-01", false},
		{"June 2nd, 2021 and June 3rd, 2021", "June 2nd, 2021", "2021-06-02", false},
		{"Friday, the 11th of March, 2022", "11th of March, 2022", "2022-03-11", false},
		{"Mar 11, 2022", "Mar 11, 2022", "2022-03-11", false},
		{"Sept. 5, 2022 @ 10:03 am", "Sept. 5, 2022 @ 10:03 am", "2022-09-05 10:03:00", false},
		{"Dec 31 1999", "Dec 31 1999", "1999-12-31", false},
		{"11 Mar. 2022", "11 Mar. 2022", "2022-03-11", false},
		{"11-Mar-2022", "11-Mar-2022", "2022-03-11", false},
		{"MARCH 11, 2022", "MARCH 11, 2022", "2022-03-11", false},
		{"february 29, 2024", "february 29, 2024", "2024-02-29", false},
		{"Published: January 5, 2023, 10:03 a.m.", "January 5, 2023, 10:03 a.m.", "2023-01-05 10:03:00", false},
		{"Published: January 5, 2023 at 3 pm.", "January 5, 2023 at 3 pm", "2023-01-05 15:00:00", false},
		{"May 4, 2020 - 9:15 PM", "May 4, 2020 - 9:15 PM", "2020-05-04 21:15:00", false},
		{"April 7, 2022 15:42 UTC", "April 7, 2022 15:42 UTC", "2022-04-07 15:42:00", true},
		{"April 7, 2022 15:42 GMT+2", "April 7, 2022 15:42 GMT+2", "2022-04-07 15:42:00", true},
		{"April 7, 2022 | 15:42:09", "April 7, 2022 | 15:42:09", "2022-04-07 15:42:09", false},
		{"By Jane\u00a0Doe\u00a0· March\u00a011,\u00a02022", "March\u00a011,\u00a02022", "2022-03-11", false},
		{"Posted on\n\t\t\t11 March 2022\n", "11 March 2022", "2022-03-11", false},
		{"11 March 2022, 15 people came", "11 March 2022", "2022-03-11", false},
		{"March 11, 2022 - 5 amazing tips", "March 11, 2022", "2022-03-11", false},
		{"March 11, 2022 at 3:42:5", "March 11, 2022", "2022-03-11", false},
		{"(March 11, 2022)", "March 11, 2022", "2022-03-11", false},
		{"10-11 March 2022", "11 March 2022", "2022-03-11", false},
		// May and March as words do not stop the search.
		{"You may 3 times in March see it on 4 May 2021", "4 May 2021", "2021-05-04", false},
	})
}

func TestFindTextGerman(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Veröffentlicht am 11. März 2022", "11. März 2022", "2022-03-11", false},
		{"Aktualisiert am 7. April 2022 um 15:42 Uhr", "7. April 2022 um 15:42 Uhr", "2022-04-07 15:42:00", false},
		{"11. Maerz 2022", "11. Maerz 2022", "2022-03-11", false},
		{"11. Marz 2022", "11. Marz 2022", "2022-03-11", false},
		{"11. MÄRZ 2022", "11. MÄRZ 2022", "2022-03-11", false},
		{"11. Mär. 2022", "11. Mär. 2022", "2022-03-11", false},
		{"11. Mär 2022", "11. Mär 2022", "2022-03-11", false},
		{"3. Jänner 2021", "3. Jänner 2021", "2021-01-03", false},
		{"1. Mai 2022 um 9.05 Uhr", "1. Mai 2022 um 9.05 Uhr", "2022-05-01 09:05:00", false},
		{"24. Dezember 2021, 18 Uhr", "24. Dezember 2021, 18 Uhr", "2021-12-24 18:00:00", false},
		{"3. Okt. 2020", "3. Okt. 2020", "2020-10-03", false},
		{"Montag, 11. Juli 2022", "11. Juli 2022", "2022-07-11", false},
		{"Stand: 11.03.2022", "11.03.2022", "2022-03-11", false},
		{"am 11.03.2022 um 15:42 Uhr", "11.03.2022 um 15:42 Uhr", "2022-03-11 15:42:00", false},
		{"1.3.2022", "1.3.2022", "2022-03-01", false},
	})
}

func TestFindTextFrench(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Publié le 11 mars 2022", "11 mars 2022", "2022-03-11", false},
		{"Mis à jour le 7 avril 2022 à 15h42", "7 avril 2022 à 15h42", "2022-04-07 15:42:00", false},
		{"1er mars 2022", "1er mars 2022", "2022-03-01", false},
		{"11 févr. 2022", "11 févr. 2022", "2022-02-11", false},
		{"11 fevr. 2022", "11 fevr. 2022", "2022-02-11", false},
		{"11 février 2022", "11 février 2022", "2022-02-11", false},
		{"11 fevrier 2022", "11 fevrier 2022", "2022-02-11", false},
		{"15 août 2021", "15 août 2021", "2021-08-15", false},
		{"15 aout 2021", "15 aout 2021", "2021-08-15", false},
		{"25 décembre 2021", "25 décembre 2021", "2021-12-25", false},
		{"25 DÉCEMBRE 2021", "25 DÉCEMBRE 2021", "2021-12-25", false},
		{"3 juil. 2022", "3 juil. 2022", "2022-07-03", false},
		{"le 3\u202fjuin\u202f2022 à 9h", "3\u202fjuin\u202f2022 à 9h", "2022-06-03 09:00:00", false},
	})
}

func TestFindTextSpanish(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Publicado el 11 de marzo de 2022", "11 de marzo de 2022", "2022-03-11", false},
		{"Actualizado el 7 de abril de 2022 a las 15:42", "7 de abril de 2022 a las 15:42", "2022-04-07 15:42:00", false},
		{"1º de enero de 2022", "1º de enero de 2022", "2022-01-01", false},
		{"11 de septiembre del 2021", "11 de septiembre del 2021", "2021-09-11", false},
		{"11 de setiembre de 2021", "11 de setiembre de 2021", "2021-09-11", false},
		{"5 dic. 2020", "5 dic. 2020", "2020-12-05", false},
		{"5 de agosto de 2020, 10:03 p. m.", "5 de agosto de 2020, 10:03 p. m.", "2020-08-05 22:03:00", false},
		{"marzo 11, 2022", "marzo 11, 2022", "2022-03-11", false},
	})
}

func TestFindTextUkrainian(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Опубліковано 11 березня 2022 р.", "11 березня 2022 р.", "2022-03-11", false},
		{"Оновлено 7 квітня 2022 року о 15:42", "7 квітня 2022 року о 15:42", "2022-04-07 15:42:00", false},
		{"11 Березня 2022", "11 Березня 2022", "2022-03-11", false},
		{"11 БЕРЕЗНЯ 2022р.", "11 БЕРЕЗНЯ 2022р.", "2022-03-11", false},
		{"1 січня 2021", "1 січня 2021", "2021-01-01", false},
		{"14 лютого 2020", "14 лютого 2020", "2020-02-14", false},
		{"9 травня 2019", "9 травня 2019", "2019-05-09", false},
		{"28 червня 2022", "28 червня 2022", "2022-06-28", false},
		{"24 серпня 2021", "24 серпня 2021", "2021-08-24", false},
		{"1 вересня 2022", "1 вересня 2022", "2022-09-01", false},
		{"14 жовтня 2022", "14 жовтня 2022", "2022-10-14", false},
		{"21 листопада 2013", "21 листопада 2013", "2013-11-21", false},
		{"25 грудня 2023", "25 грудня 2023", "2023-12-25", false},
		{"Березень 11, 2022", "Березень 11, 2022", "2022-03-11", false},
		{"11 Бер 2022", "11 Бер 2022", "2022-03-11", false},
		{"11 квiтня 2022", "11 квiтня 2022", "2022-04-11", false}, // Latin i
		{"11.03.2022 о 10:03", "11.03.2022 о 10:03", "2022-03-11 10:03:00", false},
	})
}

func TestFindTextRussian(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Опубликовано 11 марта 2022", "11 марта 2022", "2022-03-11", false},
		{"Обновлено 7 апреля 2022 г. в 15:42", "7 апреля 2022 г. в 15:42", "2022-04-07 15:42:00", false},
		{"11 марта 2022 года", "11 марта 2022 года", "2022-03-11", false},
		{"1 января 2020г.", "1 января 2020г.", "2020-01-01", false},
		{"23 февраля 2021", "23 февраля 2021", "2021-02-23", false},
		{"9 мая 2019", "9 мая 2019", "2019-05-09", false},
		{"12 июня 2022", "12 июня 2022", "2022-06-12", false},
		{"1 сентября 2022", "1 сентября 2022", "2022-09-01", false},
		{"4 ноября 2021", "4 ноября 2021", "2021-11-04", false},
		{"31 декабря 2021", "31 декабря 2021", "2021-12-31", false},
		{"Март 11, 2022", "Март 11, 2022", "2022-03-11", false},
		{"11 мар. 2022", "11 мар. 2022", "2022-03-11", false},
		{"11-го марта 2022", "11-го марта 2022", "2022-03-11", false},
	})
}

func TestFindTextNumeric(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"2022-03-11", "2022-03-11", "2022-03-11", false},
		{"Date: 2022-03-11.", "2022-03-11", "2022-03-11", false},
		{"2022-03-11 15:42", "2022-03-11 15:42", "2022-03-11 15:42:00", false},
		{"2022-03-11T15:42:00+02:00 was", "2022-03-11T15:42:00+02:00", "2022-03-11 15:42:00", true},
		{"2022-03-11T15:42:00Z", "2022-03-11T15:42:00Z", "2022-03-11 15:42:00", true},
		{"2022/03/11", "2022/03/11", "2022-03-11", false},
		{"2022/3/1", "2022/3/1", "2022-03-01", false},
		{"11.03.2022", "11.03.2022", "2022-03-11", false},
		{"03.04.2022", "03.04.2022", "2022-04-03", false},
		{"on 11.03.2022.", "11.03.2022", "2022-03-11", false},
		{"13/03/2022", "13/03/2022", "2022-03-13", false},
		{"03/13/2022", "03/13/2022", "2022-03-13", false},
		{"31-12-2021", "31-12-2021", "2021-12-31", false},
		{"13/03/2022 15:42", "13/03/2022 15:42", "2022-03-13 15:42:00", false},
		// Ambiguous slash forms are skipped, the next date is found.
		{"03/04/2022 or 2022-04-03", "2022-04-03", "2022-04-03", false},
		{"Kyiv,11.03.2022", "11.03.2022", "2022-03-11", false},
	})
}

func TestFindTextDayFirst(t *testing.T) {
	checkText(t, TextOptions{DayFirst: true}, []textCase{
		{"03/04/2022", "03/04/2022", "2022-04-03", false},
		{"11/03/2022", "11/03/2022", "2022-03-11", false},
		{"03-04-2022", "03-04-2022", "2022-04-03", false},
		{"03/13/2022", "03/13/2022", "2022-03-13", false},
		{"12/11/2021 at 9:05 pm", "12/11/2021 at 9:05 pm", "2021-11-12 21:05:00", false},
	})
}

func TestFindTextNone(t *testing.T) {
	for _, in := range []string{
		"",
		"No date here.",
		"03/04/2022", // ambiguous without DayFirst
		"11/03/2022", // ambiguous without DayFirst
		"03-04-2022", // ambiguous without DayFirst
		"v2.10.2022", // version
		"version 1.2.10.2022",
		"release-2.10.2022",
		"Call +380 44 123-45-67 or 044-11-03-2022",
		"Tel: (555) 12/13/2022-1",
		"Price: $19.99, was 11.03",
		"€11.03.2022",
		"Only $2,022.00 today",
		"ISBN 978-3-16-148410-0",
		"order #11.03.2022",
		"0000-00-00",
		"0000-00-00 00:00:00",
		"2022-02-30",
		"30 February 2022",
		"31 April 2022",
		"29 February 2023",
		"11 March 1989",
		"11 March 2101",
		"March 2022",
		"11 March",
		"March 11",
		"11 Marches 2022",
		"11March2022",
		"2022-03-11a",
		"2022-03-115",
		"11.03.20221",
		"111.03.2022",
		"11.03.22",
		"1/2/3",
		"12:30",
		"In 2022 we had 11 cats and 3 dogs.",
		"32 March 2022",
		"0 March 2022",
		"page 11 of 2022",
		"11 mayo",
		"13/13/2022",
		"3 years ago 2022",
	} {
		if p, s, e, ok := FindText(in, TextOptions{}); ok {
			t.Errorf("FindText(%q) = %v at %q, want none", in, p.Time, in[s:e])
		}
	}
}

func TestFindTextOffsets(t *testing.T) {
	s := "Опубліковано: 11 березня 2022 р. о 15:42 — автор"
	_, start, end, ok := FindText(s, TextOptions{})
	if !ok {
		t.Fatal("no date")
	}
	if want := strings.Index(s, "11"); start != want {
		t.Errorf("start = %d, want %d", start, want)
	}
	if want := strings.Index(s, " —"); end != want {
		t.Errorf("end = %d, want %d", end, want)
	}
	if got := Label(s[:start]); got != "published" {
		t.Errorf("Label(%q) = %q", s[:start], got)
	}
}

func TestFindTextLoop(t *testing.T) {
	// The way extract walks a meta line: date after date.
	text := "Posted on March 11, 2022 · Updated on April 7, 2022 at 10:03 am"
	var got []string
	for text != "" {
		p, start, end, ok := FindText(text, TextOptions{})
		if !ok {
			break
		}
		got = append(got, Label(text[:start])+" "+p.Time.Format("2006-01-02 15:04"))
		text = text[end:]
	}
	want := []string{"published 2022-03-11 00:00", "updated 2022-04-07 10:03"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzFindText(f *testing.F) {
	for _, s := range []string{
		"Posted on 11 March 2022 at 3:42 pm", "Updated on April 7, 2022",
		"11. März 2022", "11 березня 2022 р.", "11 марта 2022 г. в 15:42",
		"11 de marzo de 2022 a las 3:42 p. m.", "1er févr. 2022 à 15h42",
		"2022-03-11T15:42:00+02:00", "11.03.2022", "11/03/2022", "03/04/2022",
		"v2.10.2022", "0000-00-00 00:00:00", "March 11th, 2022 15:42 UTC+2",
		"11-го марта 2022", "1º de enero de 2022", "",
	} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, s string, dayFirst bool) {
		opts := TextOptions{DayFirst: dayFirst}
		p, start, end, ok := FindText(s, opts)
		if !ok {
			if p != (Parsed{}) || start != 0 || end != 0 {
				t.Fatalf("FindText(%q) not ok but returned %+v %d %d", s, p, start, end)
			}
			return
		}
		if start < 0 || start >= end || end > len(s) {
			t.Fatalf("FindText(%q): bad offsets %d..%d", s, start, end)
		}
		if y := p.Time.Year(); y < minTextYear || y > maxTextYear {
			t.Fatalf("FindText(%q) = %v: year out of range", s, p.Time)
		}
		m := s[start:end]
		if utf8.ValidString(s) && !utf8.ValidString(m) {
			t.Fatalf("FindText(%q) cut a character: %q", s, m)
		}
		if !p.HasZone && p.Time.Location() != time.UTC {
			t.Fatalf("FindText(%q): no zone but location %v", s, p.Time.Location())
		}
		if p.HasZone && !p.HasTime {
			t.Fatalf("FindText(%q): zone without time", s)
		}
		// The match alone reads as the same date.
		q, qs, qe, ok := FindText(m, opts)
		if !ok || qs != 0 || qe != len(m) || q.HasTime != p.HasTime || q.HasZone != p.HasZone || !q.Time.Equal(p.Time) {
			t.Fatalf("FindText(%q) matched %q = %+v; alone it gives %+v %d..%d %v", s, m, p, q, qs, qe, ok)
		}
		_ = Label(s[:start])
		_ = Label(s[max(0, start-40):start])
	})
}

func BenchmarkFindText(b *testing.B) {
	var sb strings.Builder
	words := strings.Fields(`Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do
		eiusmod tempor incididunt ut labore et dolore magna aliqua. We met 12 people in
		room 3.14 and paid $19.99 for version v2.10 of the tool; the meeting was long.
		Зустріч відбулася у великому залі, де було 40 людей. Il était une fois.`)
	for i := 0; sb.Len() < 2000; i++ {
		sb.WriteString(words[i%len(words)])
		sb.WriteByte(' ')
	}
	sb.WriteString("Updated on 11 March 2022 at 3:42 pm")
	s := sb.String()
	if _, _, _, ok := FindText(s, TextOptions{}); !ok {
		b.Fatal("no date")
	}
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		FindText(s, TextOptions{})
	}
}
