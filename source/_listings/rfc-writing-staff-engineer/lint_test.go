package rfclint

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

func essayFrontMatter(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("front-matter.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(src)
}

func TestEssayFrontMatterParsesAndPasses(t *testing.T) {
	fm, err := Parse([]byte(essayFrontMatter(t)))
	if err != nil {
		t.Fatal(err)
	}
	want := FrontMatter{RFC: 42, State: "discussion", Log: []Move{{"draft", "discussion"}}}
	if !reflect.DeepEqual(fm, want) {
		t.Fatalf("Parse = %+v, want %+v", fm, want)
	}
	if errs := Check("0042-budget-chunks.md", fm, map[int]string{}); len(errs) != 0 {
		t.Fatalf("the essay's own front matter fails the lint: %v", errs)
	}
}

// rfc puts front matter at the top of a Markdown RFC.
func rfc(front string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("---\n" + front + "---\n\n# Summary\n\nText.\n")}
}

func TestLintReportsDuplicatesAndUnexplainedStates(t *testing.T) {
	fsys := fstest.MapFS{
		"rfcs/0042-budget-chunks.md": rfc(essayFrontMatter(t)),
		"rfcs/0042-copy.md":          rfc("rfc: 42\nstate: draft\n"),
		"rfcs/0043-accepted.md": rfc("rfc: 43\nstate: accepted\ndecision_log:\n" +
			"  - date: 2024-01-02\n    from: draft\n    to: accepted\n"),
		"rfcs/0044-broken.md": rfc("rfc: 44\nstate: draft\ntitle: Leases: why\n"),
		"rfcs/README.md":      {Data: []byte("not an RFC")},
	}
	problems, err := Lint(fsys, "rfcs/0*.md")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"rfcs/0042-copy.md: RFC 42 already used by rfcs/0042-budget-chunks.md",
		"rfcs/0043-accepted.md: illegal move draft -> accepted",
		`rfcs/0044-broken.md: line 4: title: "Leases: why" needs quoting in YAML; rephrase it`,
	}
	if !reflect.DeepEqual(problems, want) {
		t.Fatalf("Lint =\n%s\nwant\n%s", strings.Join(problems, "\n"), strings.Join(want, "\n"))
	}
}

func TestCheckReplaysTheLog(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state string
		log   []Move
		want  []string
	}{
		{"new draft", "draft", nil, nil},
		{"accepted, then withdrawn unbuilt", "withdrawn",
			[]Move{{"draft", "discussion"}, {"discussion", "accepted"}, {"accepted", "withdrawn"}}, nil},
		{"back to draft and out again", "discussion",
			[]Move{{"draft", "discussion"}, {"discussion", "draft"}, {"draft", "discussion"}}, nil},
		{"abandoned draft", "withdrawn", []Move{{"draft", "withdrawn"}}, nil},
		{"skips discussion", "accepted", []Move{{"draft", "accepted"}},
			[]string{"illegal move draft -> accepted"}},
		{"log out of order", "accepted", []Move{{"discussion", "accepted"}},
			[]string{"illegal move discussion -> accepted"}},
		{"state the log does not reach", "accepted", []Move{{"draft", "discussion"}},
			[]string{"state accepted, log ends at discussion"}},
		{"rejected is final", "discussion", []Move{{"draft", "discussion"}, {"discussion", "rejected"}, {"rejected", "discussion"}},
			[]string{"illegal move rejected -> discussion"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			errs := Check("x.md", FrontMatter{RFC: 7, State: tc.state, Log: tc.log}, map[int]string{})
			if !reflect.DeepEqual(errs, tc.want) {
				t.Fatalf("Check = %q, want %q", errs, tc.want)
			}
		})
	}
}

func TestParseReadsNotesCommentsAndCRLF(t *testing.T) {
	src := "# RFC 51\r\nrfc: 51\r\nstate: discussion\r\n\r\napprovers: [sre-lead]\r\ndecision_log:\r\n" +
		"  - date: 2024-02-05\r\n    from: draft\r\n    to: discussion\r\n" +
		"  # objections get answers in the log\r\n" +
		"  - date: 2024-02-09\r\n    note: Billing asked for a dry run; accepted, see Rollout.\r\n"
	fm, err := Parse([]byte(src))
	want := FrontMatter{RFC: 51, State: "discussion", Log: []Move{{"draft", "discussion"}}}
	if err != nil || !reflect.DeepEqual(fm, want) {
		t.Fatalf("Parse = %+v, %v; want %+v", fm, err, want)
	}
}

func TestParseRejectsWhatItCannotReadSafely(t *testing.T) {
	base := "rfc: 42\nstate: draft\n"
	for name, src := range map[string]string{
		"no number":           "state: draft\n",
		"number zero":         "rfc: 0\nstate: draft\n",
		"octal-looking":       "rfc: 042\nstate: draft\n",
		"number as text":      "rfc: forty-two\nstate: draft\n",
		"no state":            "rfc: 42\n",
		"tab":                 "rfc: 42\nstate:\tdraft\n",
		"colon in a value":    base + "title: Leases: why\n",
		"comment in a value":  base + "title: Leases #1\n",
		"anchor":              base + "title: &t Leases\n",
		"quoted":              base + "title: \"Leases\"\n",
		"block scalar":        base + "title: |\n  Leases\n",
		"nested list":         base + "approvers: [a, [b]]\n",
		"empty list item":     base + "approvers: [a, , b]\n",
		"key given twice":     base + "state: discussion\n",
		"list outside log":    base + "approvers:\n  - a\n",
		"log not a list":      base + "decision_log: none\n",
		"odd indentation":     base + "decision_log:\n   - date: 2024-01-01\n",
		"half a move":         base + "decision_log:\n  - date: 2024-01-01\n    to: discussion\n",
		"undated entry":       base + "decision_log:\n  - from: draft\n    to: discussion\n",
		"bad date":            base + "decision_log:\n  - date: 5 Feb 2024\n    note: Open.\n",
		"empty entry":         base + "decision_log:\n  - date: 2024-01-01\n",
		"unclosed":            "---\n" + base,
		"uppercase key":       base + "State: draft\n",
		"no space after key":  base + "title:Leases\n",
		"list in a log entry": base + "decision_log:\n  - date: 2024-01-01\n    note: [a]\n",
	} {
		if fm, err := Parse([]byte(src)); err == nil {
			t.Errorf("%s: accepted as %+v", name, fm)
		}
	}
}
