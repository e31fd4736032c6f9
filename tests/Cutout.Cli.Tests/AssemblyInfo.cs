// Each test runs the CLI in-process, and Spectre.Console allows one live progress display per process: two
// batches in parallel test classes would collide ("interactive functions concurrently"), which a real
// `cutout` process, one command each, never meets.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
