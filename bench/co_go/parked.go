// 1,000,000 parked goroutines, each waiting on its own channel, then woken (as bench/co_parked.cp).
package main

import "fmt"

func main() {
	n := 1000000
	done := make(chan int, 1024)
	wakers := make([]chan int, 0, n)
	for i := 0; i < n; i++ {
		c := make(chan int, 1)
		go func() { done <- <-c }()
		wakers = append(wakers, c)
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
