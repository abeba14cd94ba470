package backpressure

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

const (
	fast = time.Millisecond
	slow = time.Second
)

func TestZeroValueAdmitsWithDefaults(t *testing.T) {
	var l Limiter
	srv := httptest.NewServer(l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("zero Limiter answered %d, want the handler's 204", resp.StatusCode)
	}
	if l.limit != 1000 || l.slow != 250*time.Millisecond {
		t.Fatalf("defaults: limit %v, slow %v; want 1000 and 250ms", l.limit, l.slow)
	}
}

// admit takes n slots, as n requests arriving together would.
func admit(t *testing.T, l *Limiter, n int) []int {
	t.Helper()
	epochs := make([]int, n)
	for i := range epochs {
		e, ok := l.acquire(false)
		if !ok {
			t.Fatalf("request %d of %d refused at limit %v", i+1, n, l.limit)
		}
		epochs[i] = e
	}
	return epochs
}

// The essay's claim: a blip costs one halving, not one per slow request, and a halved
// limit of 1,000 is whole again after 5,000 fast completions.
func TestBlipHalvesOnceAndRecoversWithinBound(t *testing.T) {
	l := &Limiter{Max: 1000}
	for _, e := range admit(t, l, 200) {
		l.release(e, slow)
	}
	if l.limit != 500 {
		t.Fatalf("after 200 slow completions in one blip the limit is %v, want 500", l.limit)
	}
	n := 0
	for l.limit < 1000 {
		e := admit(t, l, 1)[0]
		l.release(e, fast)
		if n++; n > 5000 {
			t.Fatalf("limit %v after 5,000 fast completions, want 1000", l.limit)
		}
	}
	if n < 4900 {
		t.Fatalf("recovered in %d completions; the essay says about 5,000", n)
	}
}

func TestSustainedOverloadKeepsCuttingToOne(t *testing.T) {
	l := &Limiter{Max: 1000}
	want := 1000.0
	for round := 0; round < 12; round++ {
		// Each round admits what the limit allows; all of it is slow.
		for _, e := range admit(t, l, int(math.Ceil(want*0.9))) {
			l.release(e, slow)
		}
		want = max(1, want/2)
		if l.limit != want {
			t.Fatalf("round %d: limit %v, want %v", round, l.limit, want)
		}
	}
	if _, ok := l.acquire(false); !ok {
		t.Fatal("at the floor the limiter must still admit one request")
	}
}

func TestSlowCompletionsFromBeforeACutDoNotCutAgain(t *testing.T) {
	l := &Limiter{Max: 100}
	old := admit(t, l, 20)
	l.release(old[0], slow) // cut to 50
	fresh := admit(t, l, 10)
	for _, e := range old[1:] {
		l.release(e, slow)
	}
	if l.limit != 50 {
		t.Fatalf("stale slow completions moved the limit to %v, want 50", l.limit)
	}
	l.release(fresh[0], slow) // admitted after the cut: overload persists
	if l.limit != 25 {
		t.Fatalf("a slow request admitted after the cut left the limit at %v, want 25", l.limit)
	}
}

// shedServer runs a Limiter whose handler holds every request until free is called.
func shedServer(t *testing.T, l *Limiter) (url string, entered chan string, free func()) {
	entered, release := make(chan string, 100), make(chan struct{})
	srv := httptest.NewServer(l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- r.URL.Path
		<-release
	})))
	t.Cleanup(srv.Close)
	free = sync.OnceFunc(func() { close(release) })
	t.Cleanup(free) // runs before srv.Close, even when the test fails
	return srv.URL, entered, free
}

func next(t *testing.T, entered chan string) string {
	t.Helper()
	select {
	case path := <-entered:
		return path
	case <-time.After(5 * time.Second):
		t.Fatal("no request reached the handler")
		return ""
	}
}

func TestShedsWithRetryAfterAndReservesHeadroomForCriticalRoutes(t *testing.T) {
	l := &Limiter{Max: 10, Critical: func(r *http.Request) bool { return r.URL.Path == "/checkout" }}
	url, entered, free := shedServer(t, l)
	client := &http.Client{Timeout: 5 * time.Second}
	get := func(path string, header http.Header) int {
		req, _ := http.NewRequest(http.MethodGet, url+path, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		defer resp.Body.Close()
		if resp.StatusCode == http.StatusServiceUnavailable {
			s, err := strconv.Atoi(resp.Header.Get("Retry-After"))
			if err != nil || s < 1 || s > 3 {
				t.Errorf("Retry-After %q, want 1 to 3 seconds", resp.Header.Get("Retry-After"))
			}
		}
		return resp.StatusCode
	}
	var wg sync.WaitGroup
	t.Cleanup(wg.Wait)
	t.Cleanup(free) // so that, on failure, held requests finish before the test does
	// Nine ordinary requests fill the ordinary share of a limit of ten.
	for i := 0; i < 9; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); get("/search", nil) }()
	}
	for i := 0; i < 9; i++ {
		next(t, entered)
	}
	if code := get("/search", nil); code != http.StatusServiceUnavailable {
		t.Fatalf("tenth ordinary request: %d, want 503", code)
	}
	// A client cannot buy the reserved tenth with a header.
	if code := get("/search", http.Header{"X-Priority": {"critical"}}); code != http.StatusServiceUnavailable {
		t.Fatalf("client-set X-Priority was admitted (%d); priority must come from the server", code)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		if code := get("/checkout", nil); code != http.StatusOK {
			t.Errorf("critical route: %d, want 200", code)
		}
	}()
	if path := next(t, entered); path != "/checkout" {
		t.Fatalf("admitted %s, want /checkout", path)
	}
	free()
	wg.Wait()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.inFlight != 0 {
		t.Fatalf("%d requests still counted in flight", l.inFlight)
	}
}

func TestConcurrentRequestsBalanceInFlight(t *testing.T) {
	l := &Limiter{Max: 50}
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 50; j++ {
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/", nil))
			}
		}()
	}
	wg.Wait()
	if l.inFlight != 0 || l.limit != 50 {
		t.Fatalf("after a fast burst: in flight %d, limit %v; want 0 and 50", l.inFlight, l.limit)
	}
}
