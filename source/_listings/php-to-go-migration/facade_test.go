package migration

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
)

// backend is a stand-in for one stack; it answers with its own name.
func backend(t *testing.T, name string) *httputil.ReverseProxy {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, name)
	}))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return httputil.NewSingleHostReverseProxy(u)
}

type rollout map[string]uint32

func facade(t *testing.T, percent rollout) *Facade {
	return &Facade{
		PHP:     backend(t, "php"),
		Go:      backend(t, "go"),
		Route:   func(r *http.Request) string { return r.URL.Path },
		Percent: func(route string) uint32 { return percent[route] },
	}
}

// served asks the facade as user and checks that body and X-Served-By agree.
func served(t *testing.T, f *Facade, route, user string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, route, nil)
	if user != "" {
		req.Header.Set("X-User-ID", user)
	}
	rec := httptest.NewRecorder()
	f.ServeHTTP(rec, req)
	if by := rec.Header().Get("X-Served-By"); by != rec.Body.String() {
		t.Fatalf("X-Served-By %q but %q answered", by, rec.Body.String())
	}
	return rec.Body.String()
}

func TestFacadeSendsTheConfiguredShareOfUsersToGo(t *testing.T) {
	f := facade(t, rollout{"/campaigns": 25})
	onGo := 0
	for i := 0; i < 2000; i++ {
		if served(t, f, "/campaigns", fmt.Sprint("user-", i)) == "go" {
			onGo++
		}
	}
	if onGo < 430 || onGo > 570 {
		t.Fatalf("%d of 2000 users on Go at 25%%, want about 500", onGo)
	}
}

func TestFacadeIsStickyAndRaisingThePercentOnlyMovesUsersToGo(t *testing.T) {
	percent := rollout{"/campaigns": 5}
	f := facade(t, percent)
	before := map[string]string{}
	for i := 0; i < 500; i++ {
		user := fmt.Sprint("user-", i)
		before[user] = served(t, f, "/campaigns", user)
		if again := served(t, f, "/campaigns", user); again != before[user] {
			t.Fatalf("%s flipped from %s to %s between requests", user, before[user], again)
		}
	}
	percent["/campaigns"] = 25
	for user, was := range before {
		if was == "go" && served(t, f, "/campaigns", user) != "go" {
			t.Fatalf("%s went back to PHP when the rollout grew", user)
		}
	}
}

func TestFacadeRotatesCanariesAcrossRoutes(t *testing.T) {
	f := facade(t, rollout{"/campaigns": 10, "/reports": 10})
	both, either := 0, 0
	for i := 0; i < 1000; i++ {
		user := fmt.Sprint("user-", i)
		a, b := served(t, f, "/campaigns", user) == "go", served(t, f, "/reports", user) == "go"
		if a && b {
			both++
		}
		if a || b {
			either++
		}
	}
	// Independent 10% samples overlap on about 1% of users; the same sample would be 10%.
	if both > 30 || either < 150 {
		t.Fatalf("%d users are canaries on both routes, %d on either; the routes share canaries",
			both, either)
	}
}

func TestFacadeMovesAnonymousUsersLastAndRollsBack(t *testing.T) {
	percent := rollout{"/campaigns": 99}
	f := facade(t, percent)
	if got := served(t, f, "/campaigns", ""); got != "php" {
		t.Fatalf("anonymous request at 99%% went to %s, want php", got)
	}
	percent["/campaigns"] = 100
	if got := served(t, f, "/campaigns", ""); got != "go" {
		t.Fatalf("anonymous request at 100%% went to %s, want go", got)
	}
	percent["/campaigns"] = 0
	for i := 0; i < 200; i++ {
		if got := served(t, f, "/campaigns", fmt.Sprint("user-", i)); got != "php" {
			t.Fatalf("rolled back to 0%% but a user reached %s", got)
		}
	}
}
