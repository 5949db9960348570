package output

import (
	"fmt"
)

// Result is what a write did.
type Result int

const (
	_             Result = iota
	Created              // the file did not exist
	Updated              // unpress wrote it before, nobody touched it since, and it changed
	Unchanged            // the file already holds these bytes; it was not touched
	Conflict             // someone edited the file (or unpress never wrote it): NAME.unpress-new was written beside it
	Overwritten          // as Conflict, but WriterOptions.Force replaced the file
	Deleted              // Remove deleted the file: unpress wrote it and nobody touched it since
	Kept                 // Remove left the file alone: edited by hand, or not unpress's
	Merged               // edited by hand and its source changed: the two merged without conflict
	Edited               // edited by hand, its source unchanged: left alone
	Adopted              // the person's now (unpress adopt, or unpress: {managed: false}): never touched
	RemovedByHand        // unpress wrote it and a person deleted it: not written again (--force brings it back)
)

var resultNames = [...]string{Created: "created", Updated: "updated", Unchanged: "unchanged", Conflict: "conflict", Overwritten: "overwritten", Deleted: "deleted", Kept: "kept",
	Merged: "merged", Edited: "edited-by-hand", Adopted: "adopted", RemovedByHand: "removed-by-hand"}

func (r Result) String() string {
	if r > 0 && int(r) < len(resultNames) {
		return resultNames[r]
	}
	return fmt.Sprintf("Result(%d)", int(r))
}

// MarshalText writes the result's name, for the JSON report.
func (r Result) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a result's name.
func (r *Result) UnmarshalText(b []byte) error {
	for i, name := range resultNames {
		if name != "" && name == string(b) {
			*r = Result(i)
			return nil
		}
	}
	return fmt.Errorf("unknown write result %q", b)
}
