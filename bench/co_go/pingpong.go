// 1,000,000 round trips between two goroutines over channels of capacity 1 (as bench/co_pingpong.cp).
package main

import "fmt"

func main() {
	ping := make(chan int, 1)
	pong := make(chan int, 1)
	go func() {
		for n := range ping {
			pong <- n + 1
		}
	}()
	n := 0
	for i := 0; i < 1000000; i++ {
		ping <- n
		n = <-pong
	}
	fmt.Println(n)
}
