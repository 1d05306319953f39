# Varnish 7.1 (with varnish-modules' xkey) in front of the sample API on 127.0.0.1:8080.
# restcache (restcache.edge.surrogate-keys=xkey, restcache.edge.purger=varnish) tags every stored shared
# response with xkey keys and an s-maxage that ends with its own freshness, marks everything else
# s-maxage=0 or private, and sends PURGE requests with an xkey header for every invalidation.
vcl 4.1;
import xkey;
import std;

backend default { .host = "127.0.0.1"; .port = "8080"; }

# who may purge: the application servers
acl purgers { "127.0.0.1"; }

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(403, "Forbidden")); }
        set req.http.n-gone = xkey.purge(req.http.xkey);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
    # Unlike Varnish's built-in VCL, requests with Authorization are looked up and stored too: restcache
    # marks per-user responses private and what it did not store s-maxage=0, so shared answers are
    # shared at the edge as well and nothing else is kept.
    return (hash);
}

sub vcl_backend_response {
    # no grace: restcache's s-maxage is the whole time an object may be served
    set beresp.grace = 0s;
}

sub vcl_deliver {
    # RFC 9875: an unsafe request's response names the groups it invalidated; purge them before the
    # client sees the response, so its next read through this Varnish is fresh (xkey purges only from
    # a client task: in vcl_backend_response varnishd 7.1 panics)
    if (req.method != "GET" && req.method != "HEAD" && resp.http.Cache-Group-Invalidation) {
        std.log("cache-group-invalidation purged " + xkey.purge(
                regsuball(resp.http.Cache-Group-Invalidation, {"[", ]+"}, " ")));
    }
    if (obj.hits > 0) { set resp.http.X-Varnish-Cache = "hit"; } else { set resp.http.X-Varnish-Cache = "miss"; }
    # the keys are for this Varnish alone
    unset resp.http.xkey;
}
