package migration

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

// The same resource as PHP and Go encode it: escaped slashes and [] from PHP; key order,
// plain slashes and null from Go.
const (
	phpJSON = `{"id":7,"url":"https:\/\/cdn.example\/a.png","tags":[],"owner":{"name":"Ana"}}`
	goJSON  = `{"owner":{"name":"Ana"},"tags":null,"url":"https://cdn.example/a.png","id":7}`
)

// stack answers like a web server with gzip on: compressed when the client accepts it.
func stack(status int, body string, compress bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Vary", "Accept-Encoding")
		if !compress || !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			w.WriteHeader(status)
			io.WriteString(w, body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.WriteHeader(status)
		zw := gzip.NewWriter(w)
		io.WriteString(zw, body)
		zw.Close()
	})
}

type outcome struct {
	route string
	match bool
}

type rig struct {
	differ  *Differ
	php     http.Handler // the facade's proxy to PHP
	records chan outcome
}

func newRig(t *testing.T, php, candidate http.Handler) *rig {
	t.Helper()
	phpSrv, goSrv := httptest.NewServer(php), httptest.NewServer(candidate)
	t.Cleanup(phpSrv.Close)
	t.Cleanup(goSrv.Close)
	u, _ := url.Parse(phpSrv.URL)
	records := make(chan outcome, 16)
	return &rig{
		differ: &Differ{
			GoBase: goSrv.URL,
			Client: &http.Client{Timeout: 5 * time.Second},
			Slots:  make(chan struct{}, 4),
			Sample: 1,
			Record: func(route string, match bool) { records <- outcome{route, match} },
		},
		php:     httputil.NewSingleHostReverseProxy(u),
		records: records,
	}
}

// get sends one user request through the differ and returns what the user received.
func (g *rig) get(t *testing.T, method, acceptEncoding string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(method, "/campaigns/7?fields=owner", nil)
	if acceptEncoding != "" {
		req.Header.Set("Accept-Encoding", acceptEncoding)
	}
	rec := httptest.NewRecorder()
	g.differ.Wrap("/campaigns/{id}", g.php).ServeHTTP(rec, req)
	return rec
}

func (g *rig) outcome(t *testing.T) outcome {
	t.Helper()
	select {
	case o := <-g.records:
		return o
	case <-time.After(5 * time.Second):
		t.Fatal("no shadow comparison was recorded")
		return outcome{}
	}
}

// quiet waits for shadows in flight to finish and fails if any recorded a comparison.
func (g *rig) quiet(t *testing.T) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); len(g.differ.Slots) > 0; {
		if time.Now().After(deadline) {
			t.Fatal("shadow still in flight")
		}
		time.Sleep(5 * time.Millisecond)
	}
	select {
	case o := <-g.records:
		t.Fatalf("recorded %+v for a request that should not be compared", o)
	default:
	}
}

var encodings = []string{"", "gzip", "gzip, deflate, br, zstd", "identity"}

func TestIdenticalJSONMatchesWhateverTheClientAccepts(t *testing.T) {
	for _, goCompresses := range []bool{false, true} {
		g := newRig(t, stack(200, phpJSON, true), stack(200, goJSON, goCompresses))
		for _, ae := range encodings {
			g.get(t, http.MethodGet, ae)
			if o := g.outcome(t); !o.match || o.route != "/campaigns/{id}" {
				t.Errorf("Accept-Encoding %q, Go gzips %v: recorded %+v, want a match",
					ae, goCompresses, o)
			}
		}
	}
}

func TestTheUserGetsPHPsResponseUnchanged(t *testing.T) {
	g := newRig(t, stack(200, phpJSON, true), stack(200, goJSON, true))
	for _, ae := range encodings {
		direct := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/campaigns/7?fields=owner", nil)
		if ae != "" {
			req.Header.Set("Accept-Encoding", ae)
		}
		g.php.ServeHTTP(direct, req)
		shadowed := g.get(t, http.MethodGet, ae)
		g.outcome(t)
		if shadowed.Code != direct.Code ||
			shadowed.Header().Get("Content-Encoding") != direct.Header().Get("Content-Encoding") ||
			!bytes.Equal(shadowed.Body.Bytes(), direct.Body.Bytes()) {
			t.Errorf("Accept-Encoding %q: the differ changed the user's response", ae)
		}
	}
}

func TestStatusCodeDifferenceIsAMismatch(t *testing.T) {
	for _, tc := range []struct {
		name      string
		php, cand int
	}{
		{"PHP 404, Go 200", 404, 200},
		{"PHP 200, Go 500", 200, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g := newRig(t, stack(tc.php, phpJSON, true), stack(tc.cand, goJSON, false))
			for _, ae := range []string{"", "gzip"} {
				g.get(t, http.MethodGet, ae)
				if o := g.outcome(t); o.match {
					t.Fatalf("Accept-Encoding %q: same body, different status, recorded a match", ae)
				}
			}
		})
	}
}

func TestDifferentContentIsAMismatch(t *testing.T) {
	other := strings.Replace(goJSON, "Ana", "Ann", 1)
	g := newRig(t, stack(200, phpJSON, true), stack(200, other, false))
	g.get(t, http.MethodGet, "gzip")
	if o := g.outcome(t); o.match {
		t.Fatal("different owner names recorded as a match")
	}
}

func TestOnlySampledGETsAreShadowed(t *testing.T) {
	g := newRig(t, stack(200, phpJSON, true), stack(200, goJSON, false))
	if rec := g.get(t, http.MethodPost, ""); rec.Body.String() != phpJSON {
		t.Fatalf("POST was not served by PHP: %q", rec.Body.String())
	}
	g.quiet(t)
	g.differ.Sample = 0
	g.get(t, http.MethodGet, "")
	g.quiet(t)
}

func TestAFullPoolSkipsTheShadowAndServesTheUser(t *testing.T) {
	g := newRig(t, stack(200, phpJSON, true), stack(200, goJSON, false))
	g.differ.Slots = make(chan struct{}, 1)
	g.differ.Slots <- struct{}{} // one shadow already in flight
	if rec := g.get(t, http.MethodGet, ""); rec.Body.String() != phpJSON {
		t.Fatalf("user got %q", rec.Body.String())
	}
	select {
	case o := <-g.records:
		t.Fatalf("recorded %+v with the pool full", o)
	case <-time.After(100 * time.Millisecond):
	}
}

func TestBodiesTooLargeToHoldAreNotCompared(t *testing.T) {
	huge := `{"blob":"` + strings.Repeat("x", maxBody) + `"}`
	g := newRig(t, stack(200, huge, true), stack(200, huge, false))
	if rec := g.get(t, http.MethodGet, ""); rec.Body.Len() != len(huge) {
		t.Fatalf("user got %d bytes, want all %d", rec.Body.Len(), len(huge))
	}
	g.quiet(t)
}

func TestNormaliseFoldsEmptyCollectionsAndKeepsValues(t *testing.T) {
	same := [][2]string{
		{`{"a":[],"b":{}}`, `{"b":null,"a":null}`},
		{`["<&>"]`, `["\u003c\u0026\u003e"]`},
		{`not json`, `not json`},
	}
	for _, p := range same {
		if !reflect.DeepEqual(normalise([]byte(p[0])), normalise([]byte(p[1]))) {
			t.Errorf("%s and %s should normalise equal", p[0], p[1])
		}
	}
	differ := [][2]string{
		{`{"a":1}`, `{"a":"1"}`},
		{`{"a":[1]}`, `{"a":[]}`},
		{`not json`, `not JSON`},
	}
	for _, p := range differ {
		if reflect.DeepEqual(normalise([]byte(p[0])), normalise([]byte(p[1]))) {
			t.Errorf("%s and %s should differ", p[0], p[1])
		}
	}
}

func TestInterimResponsesAreNotTakenForTheStatus(t *testing.T) {
	hints := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", "</app.css>; rel=preload; as=style")
		w.WriteHeader(http.StatusEarlyHints)
		stack(200, phpJSON, true).ServeHTTP(w, r)
	})
	g := newRig(t, hints, stack(200, goJSON, false))
	g.get(t, http.MethodGet, "gzip")
	if o := g.outcome(t); !o.match {
		t.Fatal("a 103 Early Hints before PHP's 200 was compared as the status")
	}
}
