package rfclint

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Parse reads an RFC's front matter: the lines between the opening and closing "---" of a
// Markdown file, or a whole YAML file. It knows only the shapes the RFC template uses,
// "key: value" lines, flow lists such as "[a, b]" and a list of mappings under
// decision_log, and rejects anything else instead of guessing, so what it accepts is
// valid YAML.
//
// rfc must be a positive integer and state must be present. Each decision_log entry has
// a date (YYYY-MM-DD) and either both from and to, a change of state, or neither and a
// note, such as the answer to an objection.
func Parse(src []byte) (FrontMatter, error) {
	lines := strings.Split(strings.ReplaceAll(string(src), "\r\n", "\n"), "\n")
	first := 1 // line number of lines[0]
	if lines[0] == "---" {
		end := 1
		for end < len(lines) && lines[end] != "---" {
			end++
		}
		if end == len(lines) {
			return FrontMatter{}, fmt.Errorf("front matter opened with --- is not closed")
		}
		lines, first = lines[1:end], 2
	}
	top := map[string]string{}
	var log []map[string]string
	inLog := false
	for i, line := range lines {
		n := first + i
		trimmed := strings.TrimLeft(line, " ")
		if trimmed == "" || strings.HasPrefix(trimmed, "#") {
			continue
		}
		if strings.ContainsRune(line, '\t') {
			return FrontMatter{}, fmt.Errorf("line %d: tab; YAML indents with spaces", n)
		}
		switch indent := len(line) - len(trimmed); {
		case indent == 0:
			key, value, err := pair(trimmed)
			if err != nil {
				return FrontMatter{}, fmt.Errorf("line %d: %w", n, err)
			}
			if _, dup := top[key]; dup {
				return FrontMatter{}, fmt.Errorf("line %d: %s given twice", n, key)
			}
			if inLog = key == "decision_log"; inLog != (value == "") {
				return FrontMatter{}, fmt.Errorf("line %d: only decision_log holds a list of entries", n)
			}
			top[key] = value
			continue
		case inLog && indent == 2 && strings.HasPrefix(trimmed, "- "):
			log = append(log, map[string]string{})
			trimmed = trimmed[2:]
		case inLog && indent == 4 && len(log) > 0:
		default:
			return FrontMatter{}, fmt.Errorf("line %d: unexpected indentation", n)
		}
		into := log[len(log)-1]
		key, value, err := pair(trimmed)
		if err != nil {
			return FrontMatter{}, fmt.Errorf("line %d: %w", n, err)
		}
		if _, dup := into[key]; dup || value == "" || strings.HasPrefix(value, "[") {
			return FrontMatter{}, fmt.Errorf("line %d: decision_log entries take one value per key", n)
		}
		into[key] = value
	}
	return frontMatter(top, log)
}

func frontMatter(top map[string]string, log []map[string]string) (FrontMatter, error) {
	var fm FrontMatter
	rfc, err := strconv.Atoi(top["rfc"])
	if err != nil || !number.MatchString(top["rfc"]) {
		return fm, fmt.Errorf("rfc must be a positive integer, not %q", top["rfc"])
	}
	if fm.RFC, fm.State = rfc, top["state"]; fm.State == "" {
		return fm, fmt.Errorf("state is missing")
	}
	for i, e := range log {
		if _, err := time.Parse(time.DateOnly, e["date"]); err != nil {
			return fm, fmt.Errorf("decision_log entry %d: date must be YYYY-MM-DD, not %q", i+1, e["date"])
		}
		switch from, to := e["from"], e["to"]; {
		case from != "" && to != "":
			fm.Log = append(fm.Log, Move{from, to})
		case from != "" || to != "":
			return fm, fmt.Errorf("decision_log entry %d: a move needs both from and to", i+1)
		case e["note"] == "":
			return fm, fmt.Errorf("decision_log entry %d: neither a move nor a note", i+1)
		}
	}
	return fm, nil
}

var (
	keyPattern = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	number     = regexp.MustCompile(`^[1-9][0-9]*$`) // no leading zero: YAML 1.1 reads 042 as octal
)

// pair splits "key: value" and checks that the value is a plain scalar or a flow list of
// plain scalars. An empty value is returned as "".
func pair(s string) (k, v string, err error) {
	k, v, ok := strings.Cut(s, ":")
	if !ok || !keyPattern.MatchString(k) || (v != "" && v[0] != ' ') {
		return "", "", fmt.Errorf("want key: value, got %q", s)
	}
	v = strings.TrimSpace(v)
	if strings.HasPrefix(v, "[") && strings.HasSuffix(v, "]") {
		for _, item := range strings.Split(v[1:len(v)-1], ",") {
			if item = strings.TrimSpace(item); item == "" || !plain(item) || strings.ContainsAny(item, "[]{}") {
				return "", "", fmt.Errorf("%s: list item %q is not a plain word", k, item)
			}
		}
		return k, v, nil
	}
	if v != "" && !plain(v) {
		return "", "", fmt.Errorf("%s: %q needs quoting in YAML; rephrase it", k, v)
	}
	return k, v, nil
}

// plain reports whether s is a valid plain (unquoted) YAML scalar on one line: no leading
// indicator character, no ": " or " #" inside, no trailing colon or space.
func plain(s string) bool {
	return !strings.ContainsAny(s[:1], "-?:,[]{}#&*!|>'\"%@`") && !strings.Contains(s, ": ") &&
		!strings.Contains(s, " #") && !strings.HasSuffix(s, ":") && strings.TrimSpace(s) == s
}
