// Package migration holds the listings of "How I Led a PHP to Go Migration": the
// strangler facade that routes each route to PHP or Go, and the shadow differ.
package migration

import (
	"hash/fnv"
	"net/http"
	"net/http/httputil"
)

type Facade struct {
	PHP, Go *httputil.ReverseProxy
	Route   func(*http.Request) string // route pattern, not raw path
	Percent func(route string) uint32  // 0-100, live from config
}

func (f *Facade) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	route, user := f.Route(r), r.Header.Get("X-User-ID")
	bucket := uint32(99) // anonymous users move last
	if user != "" {
		h := fnv.New32a()
		h.Write([]byte(route + "\x00" + user))
		bucket = h.Sum32() % 100
	}
	if bucket < f.Percent(route) {
		w.Header().Set("X-Served-By", "go")
		f.Go.ServeHTTP(w, r)
		return
	}
	w.Header().Set("X-Served-By", "php")
	f.PHP.ServeHTTP(w, r)
}
