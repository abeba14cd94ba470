// Package rfclint holds the listing of "RFC Writing as a Staff Engineer": a CI check that
// RFC numbers are unique and that each RFC's state is the one its decision log reaches.
package rfclint

import (
	"fmt"
	"io/fs"
	"slices"
)

// Lint checks the front matter of every RFC matching pattern in fsys, in name order, and
// returns the problems found, each prefixed with its file.
func Lint(fsys fs.FS, pattern string) ([]string, error) {
	paths, err := fs.Glob(fsys, pattern)
	if err != nil {
		return nil, err
	}
	slices.Sort(paths)
	var problems []string
	seen := map[int]string{}
	for _, path := range paths {
		src, err := fs.ReadFile(fsys, path)
		if err != nil {
			return nil, err
		}
		fm, err := Parse(src)
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", path, err))
			continue
		}
		for _, e := range Check(path, fm, seen) {
			problems = append(problems, fmt.Sprintf("%s: %s", path, e))
		}
	}
	return problems, nil
}

type Move struct{ From, To string }

type FrontMatter struct {
	RFC   int
	State string
	Log   []Move // the moves in decision_log
}

var legal = map[Move]bool{
	{"draft", "discussion"}: true, {"discussion", "draft"}: true,
	{"draft", "withdrawn"}: true, {"discussion", "withdrawn"}: true,
	{"discussion", "accepted"}: true, {"discussion", "rejected"}: true,
	{"accepted", "withdrawn"}: true, {"accepted", "superseded"}: true,
}

// Check replays the decision log; seen maps RFC numbers to files.
func Check(path string, fm FrontMatter, seen map[int]string) (errs []string) {
	if other, dup := seen[fm.RFC]; dup {
		errs = append(errs, fmt.Sprintf("RFC %d already used by %s", fm.RFC, other))
	}
	seen[fm.RFC] = path
	state := "draft"
	for _, m := range fm.Log {
		if m.From != state || !legal[m] {
			errs = append(errs, fmt.Sprintf("illegal move %s -> %s", m.From, m.To))
		}
		state = m.To
	}
	if state != fm.State {
		errs = append(errs, fmt.Sprintf("state %s, log ends at %s", fm.State, state))
	}
	return errs
}
