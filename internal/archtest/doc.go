// Package archtest holds one test: the import rules of docs/design.md, Architecture,
// checked for every package of the module from its source files.
package archtest
