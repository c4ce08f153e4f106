// Command etcd is the upstream etcd server (go.etcd.io/etcd/server/v3/etcdmain),
// built from the Go module proxy for the test control plane. It accepts the
// regular etcd flags (--data-dir, --listen-client-urls, --advertise-client-urls,
// --listen-peer-urls, ...).
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
