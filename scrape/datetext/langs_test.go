package datetext

import "testing"

// Month names of the languages added for bylines beyond English, German,
// French, Spanish, Ukrainian and Russian.
func TestFindTextMoreLanguages(t *testing.T) {
	checkText(t, TextOptions{}, []textCase{
		{"Pubblicato il 3 maggio 2019", "3 maggio 2019", "2019-05-03", false},
		{"12 dicembre 2021 alle 15:42", "12 dicembre 2021 alle 15:42", "2021-12-12 15:42:00", false},
		{"Publicado em 11 de março de 2022", "11 de março de 2022", "2022-03-11", false},
		{"Geplaatst op 3 mei 2019", "3 mei 2019", "2019-05-03", false},
		{"14 mrt. 2020", "14 mrt. 2020", "2020-03-14", false},
		{"Opublikowano 12 marca 2021 r.", "12 marca 2021", "2021-03-12", false},
		{"5 października 2020", "5 października 2020", "2020-10-05", false},
		{"Julkaistu 12. maaliskuuta 2021", "12. maaliskuuta 2021", "2021-03-12", false},
		{"3. joulukuuta 2019 klo", "3. joulukuuta 2019", "2019-12-03", false},
		{"veröffentlicht am 12. März 2021", "12. März 2021", "2021-03-12", false},
		{"le 3 mai 2019", "3 mai 2019", "2019-05-03", false},
		{"Do  9 Apr 2020", "9 Apr 2020", "2020-04-09", false},
		{"26 Mai, 2008 |", "26 Mai, 2008", "2008-05-26", false},
	})
}

func TestLabelMoreLanguages(t *testing.T) {
	tests := []struct{ prefix, want string }{
		{"Pubblicato il ", "published"},
		{"Aggiornato il ", "updated"},
		{"Atualizado em ", "updated"},
		{"Gepubliceerd op ", "published"},
		{"Bijgewerkt op ", "updated"},
		{"Opublikowano ", "published"},
		{"Zaktualizowano ", "updated"},
		{"Julkaistu ", "published"},
		{"Päivitetty ", "updated"},
		{"Gepostet am ", "published"},
	}
	for _, tt := range tests {
		if got := Label(tt.prefix); got != tt.want {
			t.Errorf("Label(%q) = %q, want %q", tt.prefix, got, tt.want)
		}
	}
}

// Languages that put the verb after the date.
func TestLabelAfter(t *testing.T) {
	tests := []struct{ suffix, want string }{
		{" gepostet und unter Allgemein abgelegt", "published"},
		{" veröffentlicht.", "published"},
		{" aktualisiert", "updated"},
		{" von Anna geschrieben", "published"},
		{". Gepostet", ""},                                            // another sentence
		{" und dann sehr viel später irgendwann einmal gepostet", ""}, // too far
		{" in Berlin", ""},
		{", that is not the post's publication date", ""}, // a noun, not a verb
		{" gepubliceerd", "published"},
	}
	for _, tt := range tests {
		if got := LabelAfter(tt.suffix); got != tt.want {
			t.Errorf("LabelAfter(%q) = %q, want %q", tt.suffix, got, tt.want)
		}
	}
}
