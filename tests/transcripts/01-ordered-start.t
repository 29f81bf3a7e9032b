# Day 7: the course's StatefulSet giropops and its headless Service nginx.
# Pods start one at a time, in ordinal order: giropops-1 is created only once
# giropops-0 is Running and Ready, and each pod gets its own claim www-giropops-N.
$ kubectl apply -f ../../examples/giropops.yaml
statefulset.apps/giropops created
service/nginx created
$ kubectl get pods
NAME         READY   STATUS              RESTARTS   AGE
giropops-0   0/1     ContainerCreating   0          [..]
$ sleep 3
$ kubectl get pods
NAME         READY   STATUS              RESTARTS   AGE
giropops-0   1/1     Running             0          [..]
giropops-1   0/1     ContainerCreating   0          [..]
$ sleep 3
$ kubectl get pods
NAME         READY   STATUS              RESTARTS   AGE
giropops-0   1/1     Running             0          [..]
giropops-1   1/1     Running             0          [..]
giropops-2   0/1     ContainerCreating   0          [..]
$ wait
cluster settled after 1.1s
$ kubectl get pods
NAME         READY   STATUS    RESTARTS   AGE
giropops-0   1/1     Running   0          [..]
giropops-1   1/1     Running   0          [..]
giropops-2   1/1     Running   0          [..]
$ kubectl get sts giropops
NAME       READY   AGE
giropops   3/3     [..]
$ kubectl get sts giropops -o wide
NAME       READY   AGE   CONTAINERS   IMAGES
giropops   3/3     7s    nginx        nginx
$ kubectl get pvc
NAME             STATUS   VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE
www-giropops-0   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-1   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
www-giropops-2   Bound    pvc-[..]   1Gi        RWO            standard       <unset>                 [..]
$ kubectl get svc nginx
NAME    TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
nginx   ClusterIP   None         <none>        80/TCP    [..]
$ kubectl get pods --show-labels
NAME         READY   STATUS    RESTARTS   AGE   LABELS
giropops-0   1/1     Running   0          7s    app=nginx,apps.kubernetes.io/pod-index=0,controller-revision-hash=giropops-[..],statefulset.kubernetes.io/pod-name=giropops-0
giropops-1   1/1     Running   0          4s    app=nginx,apps.kubernetes.io/pod-index=1,controller-revision-hash=giropops-[..],statefulset.kubernetes.io/pod-name=giropops-1
giropops-2   1/1     Running   0          2s    app=nginx,apps.kubernetes.io/pod-index=2,controller-revision-hash=giropops-[..],statefulset.kubernetes.io/pod-name=giropops-2
$ kubectl get pods -l statefulset.kubernetes.io/pod-name=giropops-1 -o name
pod/giropops-1
$ kubectl events --for statefulset/giropops
LAST SEEN   TYPE     REASON             OBJECT                 MESSAGE
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-0 Pod giropops-0 in StatefulSet giropops success
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-0 in StatefulSet giropops successful
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-1 Pod giropops-1 in StatefulSet giropops success
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-1 in StatefulSet giropops successful
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Claim www-giropops-2 Pod giropops-2 in StatefulSet giropops success
[..]          Normal   SuccessfulCreate   StatefulSet/giropops   create Pod giropops-2 in StatefulSet giropops successful
$ kubectl describe sts giropops
Name:               giropops
Namespace:          default
CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000
Selector:           app=nginx
Labels:             <none>
Annotations:        <none>
Replicas:           3 desired | 3 total
Update Strategy:    RollingUpdate
  Partition:        0
Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  app=nginx
  Containers:
   nginx:
    Image:        nginx
    Port:         80/TCP
    Host Port:    0/TCP
    Environment:  <none>
    Mounts:
      /usr/share/nginx/html from www (rw)
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Volume Claims:
  Name:          www
  StorageClass:  
  Labels:        <none>
  Annotations:   <none>
  Capacity:      1Gi
  Access Modes:  [ReadWriteOnce]
Events:
  Type    Reason            Age   From                    Message
  ----    ------            ----  ----                    -------
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Claim www-giropops-0 Pod giropops-0 in StatefulSet giropops success
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Pod giropops-0 in StatefulSet giropops successful
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Claim www-giropops-1 Pod giropops-1 in StatefulSet giropops success
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Pod giropops-1 in StatefulSet giropops successful
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Claim www-giropops-2 Pod giropops-2 in StatefulSet giropops success
  Normal  SuccessfulCreate  [..]    statefulset-controller  create Pod giropops-2 in StatefulSet giropops successful
