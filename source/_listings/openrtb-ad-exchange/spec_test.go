package exchange

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// testdata/openrtb-2.6-fields.tsv lists every attribute of every object in the OpenRTB 2.6
// specification with its type. With OPENRTB_SPEC naming a copy of the specification's
// 2.6.md, TestFieldListMatchesSpecification checks the list against it, and -update
// rewrites the list from it.
const fieldList = "testdata/openrtb-2.6-fields.tsv"

var update = flag.Bool("update", false, "rewrite "+fieldList+" from $OPENRTB_SPEC")

var (
	objectHeading = regexp.MustCompile(`^###\s+[34]\.2\.\d+\s+-\s+Object:\s+(\w+)`)
	attributeRow  = regexp.MustCompile("^\\|\\s*`(\\w+)`\\s*\\|([^|]*)\\|")
)

// specFields reads the attribute tables of the object sections (3.2.x and 4.2.x).
func specFields(markdown []byte) map[string]map[string]string {
	fields := map[string]map[string]string{}
	object := ""
	sc := bufio.NewScanner(bytes.NewReader(markdown))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if m := objectHeading.FindStringSubmatch(line); m != nil {
			object = m[1]
			fields[object] = map[string]string{}
		} else if strings.HasPrefix(line, "#") {
			object = ""
		} else if m := attributeRow.FindStringSubmatch(line); m != nil && object != "" {
			typ := strings.ReplaceAll(m[2], "<br>", " ")
			fields[object][m[1]] = strings.Join(strings.Fields(typ), " ")
		}
	}
	return fields
}

func formatFields(fields map[string]map[string]string) []byte {
	var b bytes.Buffer
	b.WriteString("# Objects, attributes and types of OpenRTB 2.6 (IAB Tech Lab, openrtb2.x 2.6.md,\n")
	b.WriteString("# CC BY 3.0), read from its object tables by spec_test.go.\n")
	for _, object := range slices.Sorted(maps.Keys(fields)) {
		for _, attr := range slices.Sorted(maps.Keys(fields[object])) {
			fmt.Fprintf(&b, "%s\t%s\t%s\n", object, attr, fields[object][attr])
		}
	}
	return b.Bytes()
}

func loadFields(t *testing.T) map[string]map[string]string {
	t.Helper()
	fields := map[string]map[string]string{}
	for _, line := range strings.Split(string(read(t, fieldList)), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		if len(parts) != 3 {
			t.Fatalf("%s: bad line %q", fieldList, line)
		}
		if fields[parts[0]] == nil {
			fields[parts[0]] = map[string]string{}
		}
		fields[parts[0]][parts[1]] = parts[2]
	}
	return fields
}

func TestFieldListMatchesSpecification(t *testing.T) {
	path := os.Getenv("OPENRTB_SPEC")
	if path == "" {
		t.Skip("set OPENRTB_SPEC to the OpenRTB 2.6 specification's 2.6.md to check " + fieldList)
	}
	fields := specFields(read(t, path))
	if len(fields) < 30 || len(fields["Bid"]) < 30 {
		t.Fatalf("%s: found %d objects and %d Bid attributes; is this the 2.6 specification?",
			path, len(fields), len(fields["Bid"]))
	}
	want := formatFields(fields)
	if *update {
		if err := os.WriteFile(fieldList, want, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := read(t, fieldList); !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date with %s; run go test -run FieldList -update", fieldList, path)
	}
}

// children names the object type of each nested attribute the examples may use.
var children = map[string]map[string]string{
	"BidRequest":  {"imp": "Imp", "site": "Site", "app": "App", "device": "Device", "user": "User", "source": "Source", "regs": "Regs"},
	"Imp":         {"banner": "Banner", "video": "Video", "audio": "Audio", "native": "Native", "pmp": "Pmp", "metric": "Metric"},
	"Banner":      {"format": "Format"},
	"Pmp":         {"deals": "Deal"},
	"Site":        {"publisher": "Publisher", "content": "Content"},
	"Device":      {"geo": "Geo"},
	"BidResponse": {"seatbid": "SeatBid"},
	"SeatBid":     {"bid": "Bid"},
}

// conform lists every way v departs from the specification's object: unknown attributes,
// values of the wrong JSON type, and missing required attributes.
func conform(fields map[string]map[string]string, object, path string, v map[string]any) []string {
	var problems []string
	spec, ok := fields[object]
	if !ok {
		return []string{path + ": unknown object " + object}
	}
	for name, typ := range spec {
		if _, present := v[name]; !present && required(typ) {
			problems = append(problems, fmt.Sprintf("%s: required %q missing", path, name))
		}
	}
	for _, name := range slices.Sorted(maps.Keys(v)) {
		typ, ok := spec[name]
		at := path + "." + name
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: %s has no attribute %q", at, object, name))
			continue
		}
		kind, child := kindOf(typ), children[object][name]
		switch kind {
		case "object":
			o, ok := v[name].(map[string]any)
			if !ok {
				problems = append(problems, at+": want an object")
			} else if child != "" {
				problems = append(problems, conform(fields, child, at, o)...)
			}
		case "object array":
			arr, ok := v[name].([]any)
			if !ok {
				problems = append(problems, at+": want an array of objects")
			}
			for i, e := range arr {
				o, ok := e.(map[string]any)
				if !ok {
					problems = append(problems, fmt.Sprintf("%s[%d]: want an object", at, i))
				} else if child != "" {
					problems = append(problems, conform(fields, child, fmt.Sprintf("%s[%d]", at, i), o)...)
				}
			}
		default:
			if !scalar(kind, v[name]) {
				problems = append(problems, fmt.Sprintf("%s: %v is not a %s", at, v[name], kind))
			}
		}
	}
	return problems
}

// qualifiers splits a type cell such as "string; default \"USD\"" at its semicolons
// and commas.
func qualifiers(typ string) []string {
	parts := strings.FieldsFunc(typ, func(r rune) bool { return r == ';' || r == ',' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// required is true for "required", not for "required if ...".
func required(typ string) bool {
	return slices.Contains(qualifiers(typ), "required")
}

// kindOf reduces the specification's type cells, which vary in wording, to the kinds
// scalar and conform know.
func kindOf(typ string) string {
	k := qualifiers(typ)[0]
	switch {
	case strings.HasPrefix(k, "array of") && strings.HasSuffix(k, "objects"):
		return "object array"
	case strings.HasPrefix(k, "array of "):
		return strings.TrimPrefix(k, "array of ") + " array"
	case strings.HasSuffix(k, " object"):
		return "object"
	case k == "int":
		return "integer"
	}
	return k
}

func scalar(kind string, v any) bool {
	if elem, ok := strings.CutSuffix(kind, " array"); ok {
		arr, ok := v.([]any)
		for _, e := range arr {
			ok = ok && scalar(elem, e)
		}
		return ok
	}
	switch kind {
	case "string":
		_, ok := v.(string)
		return ok
	case "float":
		_, ok := v.(float64)
		return ok
	case "integer":
		f, ok := v.(float64)
		return ok && f == math.Trunc(f)
	}
	return false
}

func decodeObject(t *testing.T, data []byte) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestEssayJSONIsOpenRTB26(t *testing.T) {
	fields := loadFields(t)
	for file, object := range map[string]string{"bid-request.json": "BidRequest", "bid-response.json": "BidResponse"} {
		for _, p := range conform(fields, object, file, decodeObject(t, read(t, file))) {
			t.Error(p)
		}
	}
}

// The check itself must catch the mistakes it exists for.
func TestConformCatchesMisspelledMistypedAndMissingFields(t *testing.T) {
	fields := loadFields(t)
	for _, tc := range []struct {
		object, json, want string
	}{
		{"BidRequest", `{"id":"a","imp":[{"id":"1","banner":{},"bidfloorcurrency":"EUR"}]}`, `no attribute "bidfloorcurrency"`},
		{"BidRequest", `{"id":"a","imp":[{"id":"1","banner":{}}],"cur":"USD"}`, "is not a string array"},
		{"BidRequest", `{"id":"a","imp":[{"id":"1","banner":{"format":[{"w":"300","h":250}]}}]}`, "is not a integer"},
		{"BidRequest", `{"id":"a","imp":[{"id":"1","banner":{"format":[{"w":300.5,"h":250}]}}]}`, "is not a integer"},
		{"BidRequest", `{"id":"a","imp":[{"banner":{}}]}`, `required "id" missing`},
		{"BidResponse", `{"id":"a","cur":["USD"]}`, "is not a string"},
		{"BidResponse", `{"id":"a","seatbid":[{"bid":[{"id":"b","impid":"1","price":1,"adomian":["x.example"]}]}]}`, `no attribute "adomian"`},
		{"BidResponse", `{"id":"a","seatbid":[{"bid":[{"id":"b","impid":"1"}]}]}`, `required "price" missing`},
	} {
		problems := strings.Join(conform(fields, tc.object, "x", decodeObject(t, []byte(tc.json))), "\n")
		if !strings.Contains(problems, tc.want) {
			t.Errorf("%s: problems %q, want one containing %q", tc.json, problems, tc.want)
		}
	}
}

func TestKindOfReadsTheSpecificationsWordings(t *testing.T) {
	for typ, want := range map[string]string{
		"string; required":   "string",
		"integer, default 0": "integer",
		"int; default 9":     "integer",
		"array of string":    "string array",
		"array of `BrandVersion` objects; recommended": "object array",
		"BrandVersion object; recommended":             "object",
		"object array; required":                       "object array",
	} {
		if got := kindOf(typ); got != want {
			t.Errorf("kindOf(%q) = %q, want %q", typ, got, want)
		}
	}
	if required("string; required if sourcetype is present and type = 1") || !required("float; required") {
		t.Error("only an unconditional \"required\" makes an attribute required")
	}
}
