//go:build tools

// Package tools pins the flux command so `go mod tidy` keeps its
// dependencies in go.mod/go.sum.
package tools

import _ "github.com/fluxcd/flux2/v2/cmd/flux"
