// 1,000,000 goroutines asleep for an hour (as bench/co_sleepers.cp): after 500 ms, the
// RSS to stderr, the count to stdout, and exit.
package main

import (
	"fmt"
	"os"
	"strings"
	"time"
)

func main() {
	n := 1000000
	for i := 0; i < n; i++ {
		go func() { time.Sleep(time.Hour) }()
	}
	time.Sleep(500 * time.Millisecond)
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if strings.HasPrefix(line, "VmRSS:") {
			fmt.Fprintln(os.Stderr, line)
		}
	}
	fmt.Println(n)
	os.Exit(0)
}
