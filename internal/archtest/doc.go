// Package archtest holds one test: the import rules of docs/design.md §3,
// checked for every package of the module from its source files.
package archtest
