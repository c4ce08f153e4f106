//go:build tools

// Package tools pins the kustomize command so `go mod tidy` keeps its
// dependencies in go.mod/go.sum.
package tools

import _ "sigs.k8s.io/kustomize/kustomize/v5"
