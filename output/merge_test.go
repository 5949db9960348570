package output

import (
	"slices"
	"strings"
	"testing"
)

func TestMergeThree(t *testing.T) {
	base := "---\ntitle: Legion\ndate: 2022-03-11\ntags:\n  - War\n---\n\nOne.\n\nTwo.\n\nThree.\n"
	for _, tc := range []struct {
		name, mine, theirs, want string
		conflicts                []string
	}{
		{
			name:   "a body edit and a new title",
			mine:   strings.Replace(base, "Two.", "Two, said better.", 1),
			theirs: strings.Replace(base, "title: Legion", "title: Legion of Volunteers", 1),
			want:   "---\ntitle: Legion of Volunteers\ndate: 2022-03-11\ntags:\n  - War\n---\n\nOne.\n\nTwo, said better.\n\nThree.\n",
		},
		{
			name:   "a field of the person's, others new",
			mine:   strings.Replace(base, "  - War\n", "  - War\n  - Volunteers\n", 1),
			theirs: strings.Replace(strings.Replace(base, "title: Legion", "title: Legion 2", 1), "Three.", "Three, updated.", 1),
			want:   "---\ntitle: Legion 2\ndate: 2022-03-11\ntags:\n  - War\n  - Volunteers\n---\n\nOne.\n\nTwo.\n\nThree, updated.\n",
		},
		{
			name:   "a field the person added stays",
			mine:   strings.Replace(base, "date: 2022-03-11\n", "date: 2022-03-11\nweight: 3\n", 1),
			theirs: strings.Replace(base, "One.", "One!", 1),
			want:   "---\ntitle: Legion\ndate: 2022-03-11\ntags:\n  - War\nweight: 3\n---\n\nOne!\n\nTwo.\n\nThree.\n",
		},
		{
			name:      "both change one line",
			mine:      strings.Replace(base, "Two.", "Two (mine).", 1),
			theirs:    strings.Replace(base, "Two.", "Two (new).", 1),
			want:      "---\ntitle: Legion\ndate: 2022-03-11\ntags:\n  - War\n---\n\nOne.\n\n<<<<<<< edited by hand\nTwo (mine).\n=======\nTwo (new).\n>>>>>>> unpress\n\nThree.\n",
			conflicts: []string{"body line 4"},
		},
		{
			name:      "both change one field",
			mine:      strings.Replace(base, "title: Legion", "title: Mine", 1),
			theirs:    strings.Replace(base, "title: Legion", "title: Theirs", 1),
			want:      "---\n# conflict: edited by hand; unpress now writes title: Theirs\ntitle: Mine\ndate: 2022-03-11\ntags:\n  - War\n---\n\nOne.\n\nTwo.\n\nThree.\n",
			conflicts: []string{"front matter field title"},
		},
		{
			name:   "the same change on both sides",
			mine:   strings.Replace(base, "Two.", "Two!", 1),
			theirs: strings.Replace(base, "Two.", "Two!", 1),
			want:   strings.Replace(base, "Two.", "Two!", 1),
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := mergeThree([]byte(base), []byte(tc.mine), []byte(tc.theirs))
			if string(got.data) != tc.want {
				t.Errorf("merged:\n%s\nwant:\n%s", got.data, tc.want)
			}
			if !slices.Equal(got.conflicts, tc.conflicts) {
				t.Errorf("conflicts %q, want %q", got.conflicts, tc.conflicts)
			}
		})
	}
}
