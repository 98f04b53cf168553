// spawn+join of 1,000,000 goroutines in batches of 1,000 (as bench/co_spawn.cp).
package main

import "fmt"

func main() {
	sum := 0
	batch := 1000
	for b := 0; b < 1000; b++ {
		chans := make([]chan int, batch)
		for i := 0; i < batch; i++ {
			n := b*batch + i
			c := make(chan int, 1)
			chans[i] = c
			go func() { c <- n % 7 }()
		}
		for _, c := range chans {
			sum += <-c
		}
	}
	fmt.Println(sum)
}
