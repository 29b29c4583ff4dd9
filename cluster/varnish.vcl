# Varnish in front of the portal (issue 11): caches what plone.app.caching's rules let
# a shared cache keep, passes everything personal, and accepts PURGE from the portal's
# instances. Varnish 7 (Debian bookworm). docs/administrators.md, "Caching proxy and
# purging", and docs/decisions.md say which pages are cached and why.
#
# The backend is HAProxy in front of the Zope instances. Whoever starts Varnish sets
# its address: replace 127.0.0.1:8081 below (e.g. with sed) when HAProxy listens
# elsewhere. `make cluster` writes a copy with HAProxy's port into its home
# (devserver/cluster.py, render_vcl).

vcl 4.1;

backend default {
    .host = "127.0.0.1";
    .port = "8081";
    .connect_timeout = 5s;
    .first_byte_timeout = 300s;
}

# Who may purge: the Zope instances (plone.cachepurging), on this machine.
acl purge {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purge) {
            return (synth(405, "PURGE not allowed"));
        }
        # plone.app.caching names a page with a trailing slash ("/Plone/e-tjanster/");
        # the browser asks it without. Forget both, in every variant (Vary: Accept).
        set req.http.x-purge-path = regsub(req.url, "/$", "");
        ban("obj.http.x-url == " + req.http.x-purge-path);
        ban("obj.http.x-url == " + req.http.x-purge-path + "/");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Anything with a credential or a login in progress is personal: never from the
    # cache, never into it. Plone's status messages are for one browser too.
    if (req.http.Authorization) {
        return (pass);
    }
    if (req.http.Cookie ~ "(^|;\s*)(__ac|auth_token|etjanster_eid|statusmessages|_ZopeId)=") {
        return (pass);
    }
    # Personal pages answer no-store anyway; passing them saves a lookup and holds
    # even if a rule were changed: cases, Mina sidor, the workspace, the logins, the
    # add-on's REST services, the ZMI.
    if (req.url ~ "/(arenden|@@?mina-sidor|@@?handlaggning|@@?eid-|eid-login|eid-qr|@eid|@login|@@?login|login|require_login|logged_out|manage)" ||
        req.url ~ "/@(my-cases|case-queue|form|attachments|messages|start|submit|sign|assign|eservices|workflow)") {
        return (pass);
    }
    # A page and plone.restapi's JSON of the same URL are different answers (the
    # portal sends Vary: Accept): two variants, not one per browser's Accept line.
    if (req.http.Accept ~ "application/json") {
        set req.http.Accept = "application/json";
    } else {
        unset req.http.Accept;
    }
    # Other cookies (analytics, a language choice) do not change a public page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # Kept on the object so that a PURGE can ban it by its path.
    set beresp.http.x-url = bereq.url;
    # Personal, or no rule of plone.app.caching: never kept (Varnish's default TTL
    # would keep an answer without Cache-Control for two minutes).
    if (beresp.http.Set-Cookie ||
        beresp.http.Cache-Control ~ "(no-store|no-cache|private)" ||
        beresp.http.Cache-Control !~ "(s-maxage|max-age)=[1-9]") {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Varnish takes the TTL from s-maxage (moderate caching) or max-age (resources).
    # Serve a stale page for a while when every instance is down or busy.
    set beresp.grace = 1h;
    return (deliver);
}

sub vcl_deliver {
    # s-maxage is for this cache, which is purged; a shared cache further on (a
    # company's proxy) is not, and must not keep the page.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, "s-maxage=[0-9]+,? *", "");
    }
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
