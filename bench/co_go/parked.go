// 1,000,000 parked goroutines, each waiting on its own channel, then woken (as bench/co_parked.cp;
// PARKED_PAUSE_MS=P pauses once all are started and writes the RSS then to stderr).
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

func main() {
	n := 1000000
	done := make(chan int, 1024)
	wakers := make([]chan int, 0, n)
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		go func() { done <- <-c }()
		wakers = append(wakers, c)
	}
	if p, err := strconv.Atoi(os.Getenv("PARKED_PAUSE_MS")); err == nil {
		time.Sleep(time.Duration(p) * time.Millisecond)
		status, _ := os.ReadFile("/proc/self/status")
		for _, line := range strings.Split(string(status), "\n") {
			if strings.HasPrefix(line, "VmRSS:") {
				fmt.Fprintln(os.Stderr, line)
			}
		}
	}
	for _, w := range wakers {
		w <- 1
	}
	count := 0
	for i := 0; i < n; i++ {
		count += <-done
	}
	fmt.Println(count)
}
