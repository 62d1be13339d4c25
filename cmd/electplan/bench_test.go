package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/electplan/electplan/plan/synth"
)

// The end-to-end benchmarks time `electplan build` as a user runs it: a
// fresh process reading a plan folder from disk and writing plan.pdf,
// plan.xlsx and plan.json. They report the process's peak memory and the
// output sizes alongside the time. Figures are recorded in
// docs/performance.md; run them with `make bench`.

func buildBinary(b *testing.B) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), "electplan")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func BenchmarkBuildCommand(b *testing.B) {
	bin := buildBinary(b)
	for _, size := range []struct {
		name string
		o    synth.Options
	}{
		{"one-force", synth.OneForce(1)},
		{"half-country", synth.WholeCountry(1).Scaled(0.5)},
		{"whole-country", synth.WholeCountry(1)},
	} {
		in := synth.Generate(size.o)
		dir := filepath.Join(b.TempDir(), "inputs")
		if err := synth.WriteFolder(dir, in); err != nil {
			b.Fatal(err)
		}
		out := filepath.Join(b.TempDir(), "out")
		b.Run(size.name, func(b *testing.B) {
			var peakKB int64
			for b.Loop() {
				// Each run writes revision 1 into an empty folder, as a
				// first build does.
				b.StopTimer()
				if err := os.RemoveAll(out); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				cmd := exec.Command(bin, "build", dir, "--out", out, "--as-of", "2029-04-20")
				cmd.Env = append(os.Environ(), "GOGC=", "GOMEMLIMIT=")
				if err := cmd.Start(); err != nil {
					b.Fatal(err)
				}
				peak := watchPeak(cmd.Process.Pid)
				if err := cmd.Wait(); err != nil {
					b.Fatalf("build: %v", err)
				}
				peakKB = max(peakKB, <-peak)
			}
			b.ReportMetric(float64(peakKB)/1024, "peak-MB")
			b.ReportMetric(float64(len(in.PollingStations)), "stations")
			for _, f := range []string{"plan.pdf", "plan.xlsx", "plan.json"} {
				if info, err := os.Stat(filepath.Join(out, f)); err == nil {
					b.ReportMetric(float64(info.Size())/(1<<20), f+"-MB")
				}
			}
		})
	}
}

// watchPeak samples the process's peak resident memory (VmHWM, in kB)
// until it exits. (The rusage of a child started from a big test process
// counts the parent's memory too, so it cannot be used.)
func watchPeak(pid int) <-chan int64 {
	out := make(chan int64, 1)
	go func() {
		var peak int64
		path := "/proc/" + strconv.Itoa(pid) + "/status"
		for {
			b, err := os.ReadFile(path)
			if err != nil || bytes.Contains(b, []byte("State:\tZ")) {
				out <- peak
				return
			}
			if i := bytes.Index(b, []byte("VmHWM:")); i >= 0 {
				fields := bytes.Fields(b[i+6:])
				if len(fields) > 0 {
					if kb, err := strconv.ParseInt(string(fields[0]), 10, 64); err == nil {
						peak = max(peak, kb)
					}
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	return out
}
