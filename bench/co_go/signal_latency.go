// Signal latency (as bench/co_signal_latency.cp): kill(self, SIGUSR1) to the moment the
// goroutine reading signal.Notify's channel runs, 10,000 times idle, then 10,000 times
// beside two goroutines that never stop computing (Go preempts them asynchronously).
package main

import (
	"fmt"
	"os"
	"os/signal"
	"sort"
	"syscall"
	"time"
)

var start = time.Now()

func measure(got chan int64, n int) []int64 {
	samples := make([]int64, 0, n)
	pid := os.Getpid()
	for i := 0; i < n; i++ {
		sent := time.Since(start).Nanoseconds()
		syscall.Kill(pid, syscall.SIGUSR1)
		samples = append(samples, <-got-sent)
	}
	sort.Slice(samples, func(a, b int) bool { return samples[a] < samples[b] })
	return samples
}

var sink uint64

func main() {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGUSR1)
	got := make(chan int64, 1)
	go func() {
		for range sigs {
			got <- time.Since(start).Nanoseconds()
		}
	}()
	n := 10000
	idle := measure(got, n)
	fmt.Printf("idle signals %d median_ns %d p99_ns %d\n", n, idle[n/2], idle[n*99/100])
	for i := 0; i < 2; i++ {
		go func() {
			x := uint64(0)
			for {
				x = (x*31 + 7) % 1000003
				sink = x
			}
		}()
	}
	busy := measure(got, n)
	fmt.Printf("busy signals %d median_ns %d p99_ns %d\n", n, busy[n/2], busy[n*99/100])
	os.Exit(0)
}
