// `.clone()` of a struct, vector or option holding channel ends copies the ends as
// `tx.clone()` does: each copy is a sender of its own, so dropping one leaves the others
// usable, and the channel closes once every copy is gone. `vec![tx; n]` too.
struct W { tx: Sender<int>, v: Vec<int> }
task<> main() = coroutine(.thread_pool = 2) {
    let (tx, rx) = channel::<int>(4);
    let a = W { tx: tx, v: vec![1] };
    let b = a.clone();
    drop(a.tx);
    b.tx.send(5).await;
    println!("struct copy: {:?}", rx.recv().await);
    drop(b.tx);
    println!("every copy dropped: {:?}", rx.recv().await);

    let (tx2, rx2) = channel::<int>(4);
    let vs = vec![tx2.clone(), tx2.clone()];
    drop(tx2);
    let vs2 = vs.clone();
    for s in vs { drop(s); }
    vs2[0].send(1).await;
    for s in vs2 { drop(s); }
    println!("vector copy: {:?} {:?}", rx2.recv().await, rx2.recv().await);

    let (tx3, rx3) = channel::<int>(4);
    let o = Some(tx3);
    let o2 = o.clone();
    drop(o.unwrap());
    o2.unwrap().send(3).await;
    println!("option copy: {:?}", rx3.recv().await);

    let (tx4, rx4) = channel::<int>(4);
    let slots = vec![tx4; 3];
    drop(slots[0]);
    slots[1].send(4).await;
    println!("vec![tx; 3]: {:?}", rx4.recv().await);
}
